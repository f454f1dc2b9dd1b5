import { useState } from 'react';
import type { OverviewResponse } from '../../../proxy/http/admin/contract';
import { Card, CopyButton, Url } from '../../components/ui';
import { QrCode } from '../../components/QrCode';

/**
 * Using gemgate from a phone (ChatBox): the address on the local network and a QR code of it;
 * the token comes from Clients, where a new one can be shown as a QR code too. On loopback only,
 * how to open it to the network.
 */
export function PhoneCard({ reach }: { reach: OverviewResponse['reach'] }) {
  const [index, setIndex] = useState(0);
  if (reach.loopbackOnly || reach.lan.length === 0) {
    return (
      <Card title="Use it from your phone">
        <p>
          Only this computer can reach gemgate now: it listens on 127.0.0.1. To use it from a phone on the
          same Wi-Fi, start it with <code>gemgate serve --host 0.0.0.0</code>; this card then shows its
          address and a QR code for it.
        </p>
      </Card>
    );
  }
  const lan = reach.lan[Math.min(index, reach.lan.length - 1)]!;
  return (
    <Card title="Use it from your phone">
      <div className="phone-setup">
        <QrCode text={lan.openai} label={`QR code of ${lan.openai}`} />
        <div>
          <p>In ChatBox on the phone, on the same Wi-Fi: provider “OpenAI API Compatible”, API host:</p>
          <p className="endpoint-line">
            <Url href={lan.openai} /> <CopyButton text={lan.openai} label="phone API host" />
          </p>
          {reach.lan.length > 1 && (
            <label className="inline-label">
              Network address
              <select value={index} onChange={(event) => setIndex(Number(event.target.value))}>
                {reach.lan.map((entry, i) => (
                  <option key={entry.address} value={i}>
                    {entry.address}
                  </option>
                ))}
              </select>
            </label>
          )}
          <p className="muted small">
            As its API key, a client token: <a href="#/clients">create one in Clients</a>, limited to the
            models the phone may use; it can be shown as a QR code once, when created.
          </p>
        </div>
      </div>
    </Card>
  );
}

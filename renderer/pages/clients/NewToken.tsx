import { useState } from 'react';
import type { CreateTokenResponse } from '../../../proxy/http/admin/contract';
import { api } from '../../api/client';
import { useResource } from '../../api/useResource';
import { Card, CopyButton, Url } from '../../components/ui';
import { QrCode } from '../../components/QrCode';

/**
 * A token just made: shown this once, with Copy, and on request as QR codes for a phone (the base
 * URL gemgate is reached at on the network, and the token), so ChatBox on the phone needs no typing.
 */
export function NewToken({ created, onDone }: { created: CreateTokenResponse; onDone: () => void }) {
  const [phone, setPhone] = useState(false);
  return (
    <Card title="New token">
      <p className="notice notice-warn" role="status">
        Copy the token for <strong>{created.token.name}</strong> now: it is not shown again.
      </p>
      <p className="secret-line">
        <code data-testid="new-token">{created.secret}</code>{' '}
        <CopyButton text={created.secret} label="the new token" />
      </p>
      <div className="row-actions">
        <button type="button" className="button-small" aria-expanded={phone} onClick={() => setPhone(!phone)}>
          {phone ? 'Hide the QR codes' : 'Show as QR codes for a phone'}
        </button>
        <button type="button" className="button-small" onClick={onDone}>
          Done, hide it
        </button>
      </div>
      {phone && <PhoneCodes secret={created.secret} />}
    </Card>
  );
}

function PhoneCodes({ secret }: { secret: string }) {
  const overview = useResource(api.overview);
  const reach = overview.data?.reach;
  const base = reach?.lan[0]?.openai ?? overview.data?.endpoints.openai;
  return (
    <div className="phone-codes">
      {reach?.loopbackOnly && (
        <p className="notice notice-warn">
          gemgate listens on 127.0.0.1 only: a phone cannot reach it until it is started with{' '}
          <code>gemgate serve --host 0.0.0.0</code>.
        </p>
      )}
      {base && (
        <figure>
          <QrCode text={base} label={`QR code of the API host ${base}`} />
          <figcaption>
            API host: <Url href={base} />
          </figcaption>
        </figure>
      )}
      <figure>
        <QrCode text={secret} label="QR code of the new token" />
        <figcaption>API key: the token</figcaption>
      </figure>
    </div>
  );
}

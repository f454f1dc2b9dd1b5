import type { ModelQuotaView, QuotaMeter } from '../../proxy/http/admin/contract';
import { formatCompact, formatReset } from '../format';
import { dayReading, limitSource } from '../quota';

function tone(fill: number): 'good' | 'warn' | 'bad' {
  return fill >= 0.9 ? 'bad' : fill >= 0.7 ? 'warn' : 'good';
}

/**
 * A bar that fills 0..1, read out as a meter with the same words as its label; its value is the
 * fill's share of `max` unless the caller knows the true count (`value`).
 */
function Bar({
  label,
  text,
  fill,
  max,
  value = Math.round(fill * max),
}: {
  label: string;
  text: string;
  fill: number;
  max: number;
  value?: number;
}) {
  return (
    <div
      className="quota-track"
      role="meter"
      aria-label={`${label}: ${text}`}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
    >
      <div className={`quota-fill quota-${tone(fill)}`} style={{ width: `${Math.round(fill * 100)}%` }} />
    </div>
  );
}

/**
 * A project's requests today for one model, as the pool stands: full when Google said the day is
 * used up, against the limit in force (the one Google named, once learned), resetting in local time.
 */
export function DayBar({ quota, now }: { quota: ModelQuotaView; now: number }) {
  const reading = dayReading(quota, now);
  const label = `Requests today, ${quota.model}`;
  return (
    <div className="quota">
      <div className="quota-label">
        <span>{reading.text}</span>
        <span className="muted">resets {formatReset(quota.rpd.resetsAt, now)}</span>
      </div>
      {/* A day used up has fill 1 (so the bad tone); its value is the limit, once there is one. */}
      <Bar
        label={label}
        text={reading.text}
        fill={reading.fill}
        max={reading.limit ?? Math.max(reading.used, 1)}
        value={reading.usedUp ? (reading.limit ?? reading.used) : reading.used}
      />
      {quota.rpd.source && <LimitSource meter={quota.rpd} now={now} />}
    </div>
  );
}

/** One minute window (requests or tokens): used of the limit, compact. */
export function MinuteBar({ label, meter }: { label: string; meter: QuotaMeter }) {
  const fill = meter.limit ? Math.min(1, meter.used / meter.limit) : 0;
  const text = meter.limit
    ? `${formatCompact(meter.used)} of ${formatCompact(meter.limit)}`
    : `${formatCompact(meter.used)} (no limit known)`;
  return (
    <div className="quota quota-small">
      <div className="quota-label">
        <span>{label}</span>
        <span className="muted">{text}</span>
      </div>
      <Bar label={label} text={text} fill={fill} max={meter.limit ?? Math.max(meter.used, 1)} />
    </div>
  );
}

/** Where a limit comes from, when the pool says (see limitSource). */
function LimitSource({ meter, now }: { meter: QuotaMeter; now: number }) {
  return <div className="muted small limit-source">{limitSource(meter, now)}</div>;
}

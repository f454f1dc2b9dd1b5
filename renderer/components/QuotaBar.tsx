import type { QuotaMeter } from '../../proxy/http/admin/contract';
import { formatCompact, formatUntil } from '../format';

/** One quota window of one project and model: how much is used, of what limit, and when it resets. */
export function QuotaBar({ label, meter, now }: { label: string; meter: QuotaMeter; now: number }) {
  const ratio = meter.limit ? Math.min(1, meter.used / meter.limit) : 0;
  const tone = ratio >= 0.9 ? 'bad' : ratio >= 0.7 ? 'warn' : 'good';
  const text = meter.limit
    ? `${formatCompact(meter.used)} of ${formatCompact(meter.limit)}`
    : `${formatCompact(meter.used)} (limit unknown)`;
  return (
    <div className="quota">
      <div className="quota-label">
        <span>{label}</span>
        <span className="muted">
          {text} · resets {formatUntil(meter.resetsAt, now)}
        </span>
      </div>
      <div
        className="quota-track"
        role="meter"
        aria-label={`${label}: ${text}`}
        aria-valuemin={0}
        aria-valuemax={meter.limit ?? Math.max(meter.used, 1)}
        aria-valuenow={meter.used}
      >
        <div className={`quota-fill quota-${tone}`} style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  );
}

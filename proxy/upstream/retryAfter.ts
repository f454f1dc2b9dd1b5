/**
 * `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3) -> milliseconds; null when absent or
 * unreadable. The one reading for every upstream: the Interactions API and OpenAI-compatible providers.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

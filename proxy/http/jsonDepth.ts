/**
 * How deeply a request body may nest. Real requests stay far below (a tool's JSON Schema nests a
 * dozen levels); JSON.parse takes any depth, but JSON.stringify, which forwards the body to
 * Gemini, recurses and overflows the stack at some thousands, and a 5xx is not the client's answer.
 */
export const MAX_JSON_DEPTH = 256;

/** True when `value` has objects or arrays nested more than `max` levels deep. Iterative: no stack to overflow. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: Array<{ node: object; depth: number }> = [{ node: value, depth: 1 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (item.depth > max) return true;
    const children = Array.isArray(item.node) ? item.node : Object.values(item.node);
    for (const child of children) {
      if (child !== null && typeof child === 'object') pending.push({ node: child, depth: item.depth + 1 });
    }
  }
  return false;
}

/** Keys pasted one a line, or separated by spaces or commas, as they come out of a notes file. */
export function splitPastedKeys(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

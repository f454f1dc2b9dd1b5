import { z } from 'zod';

/**
 * `z.array(item)` that stops at the first item that fails and reports its issues only; every dialect
 * reports one problem at a time (openai/zodIssueToError, anthropic/zodIssueMessage), so nothing a
 * client reads changes. A plain
 * z.array judges every item, and a body of a few hundred thousand bad ones (`[{},{},…]`, half a
 * megabyte) then holds the event loop for seconds making issues nobody reads.
 */
export function arrayUntilFirstError<T extends z.ZodType>(
  item: T,
  options: { min?: number; minError?: string; max?: number } = {},
) {
  let items = z.array(z.unknown());
  if (options.min !== undefined) items = items.min(options.min, { error: options.minError });
  if (options.max !== undefined) items = items.max(options.max);
  return items.transform((values, ctx): Array<z.output<T>> => {
    const out: Array<z.output<T>> = [];
    for (let index = 0; index < values.length; index++) {
      const result = item.safeParse(values[index]);
      if (!result.success) {
        for (const issue of result.error.issues) {
          ctx.issues.push({ ...issue, path: [index, ...issue.path], input: values[index] } as never);
        }
        return z.NEVER;
      }
      out.push(result.data);
    }
    return out;
  });
}

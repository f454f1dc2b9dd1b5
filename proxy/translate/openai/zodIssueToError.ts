import type { z } from 'zod';
import { formatParamPath, invalidRequest } from './openAIError.js';
import type { InputError } from '../../failures/inputError.js';

type Issue = z.core.$ZodIssue;

/**
 * One zod issue -> one input error (a 400 naming the field), worded the way OpenAI words its own: "Missing required
 * parameter: 'model'.", "Invalid value: \"robot\". Supported values for 'messages[2].role' are: ...".
 * OpenAI reports one problem at a time, and so does this.
 */
export function zodIssueToError(body: unknown, issue: Issue | undefined): InputError {
  if (!issue) return invalidRequest('Invalid request body.', null);
  if (issue.path.length === 0) {
    return invalidRequest('The request body must be a JSON object.', null);
  }
  const param = formatParamPath(issue.path);
  const received = valueAt(body, issue.path);

  const options = discriminatorOptions(issue);
  if (options) {
    const supported = options.map((o) => `'${String(o)}'`).join(', ');
    if (received === undefined)
      return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
    return invalidRequest(
      `Invalid value: ${JSON.stringify(received)}. Supported values for '${param}' are: ${supported}.`,
      param,
      'invalid_value',
    );
  }
  const aboutTheValueItself = ['invalid_type', 'invalid_union', 'invalid_value'].includes(issue.code);
  if (received === undefined && aboutTheValueItself) {
    return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    return invalidRequest(
      `Invalid type for '${param}': ${stripZodPrefix(issue.message)}.`,
      param,
      'invalid_type',
    );
  }
  return invalidRequest(`Invalid '${param}': ${stripZodPrefix(issue.message)}.`, param, 'invalid_value');
}

/**
 * A union (say, content as string | parts[]) reports "invalid input" at its own position; when one
 * branch got further into the value (the parts array, then `[0].type`), its issue names the field
 * the client actually got wrong. Inner paths are relative to the union, hence the concatenation.
 */
export function mostSpecificIssue(issue: Issue | undefined): Issue | undefined {
  if (!issue || issue.code !== 'invalid_union' || !('errors' in issue)) return issue;
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && first.path.length > 0 && (!best || first.path.length > best.path.length)) best = first;
  }
  if (!best) return issue;
  return mostSpecificIssue({ ...best, path: [...issue.path, ...best.path] } as Issue);
}

/** zod's discriminated unions list the allowed values; its public issue type does not declare them. */
export function discriminatorOptions(issue: Issue): unknown[] | undefined {
  if (issue.code !== 'invalid_union' || !('discriminator' in issue)) return undefined;
  const options = (issue as { options?: unknown }).options;
  return Array.isArray(options) ? options : undefined;
}

function stripZodPrefix(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/\.$/, '');
}

export function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

import type { z } from 'zod';
import type { InputError } from '../../failures/inputError.js';
import { invalidRequest } from '../openai/openAIError.js';
import { discriminatorOptions, mostSpecificIssue, valueAt } from '../openai/zodIssueToError.js';

type Issue = z.core.$ZodIssue;

/**
 * One zod issue -> one 400 worded the way Anthropic words its own (`<path>: <what is wrong>`, the
 * path dotted with indexes as numbers):
 *
 * | the body                                 | message                                                                    |
 * | ---------------------------------------- | -------------------------------------------------------------------------- |
 * | not an object                            | `The request body must be a JSON object.`                                  |
 * | a required field missing                 | `max_tokens: Field required`                                               |
 * | a block of an unknown `type`             | `messages.0.content.1: Input tag 'x' found using 'type' does not match any of the expected tags: 'text', …` |
 * | a block without `type`                   | `messages.0.content.1.type: Field required`                                |
 * | a value of the wrong type                | `temperature: Input should be a valid number`                              |
 * | a number out of range                    | `top_p: Input should be less than or equal to 1`                           |
 * | a value not among the allowed ones       | `messages.0.role: Input should be 'user', 'assistant' or 'system'`         |
 * | anything else                            | `<path>: <zod's message>`                                                  |
 *
 * The error is the dialect-neutral input error the translators share (`invalidRequest`); http renders
 * it as `{type: "error", error: {type: "invalid_request_error", message}}`.
 */
export function zodIssueMessage(body: unknown, first: Issue | undefined): InputError {
  const issue = mostSpecificIssue(first);
  if (!issue) return invalidRequest('Invalid request body.', null);
  if (issue.path.length === 0) return invalidRequest('The request body must be a JSON object.', null);
  const received = valueAt(body, issue.path);
  const tags = discriminatorOptions(issue);
  // zod points at the discriminator itself (`….type`); Anthropic names the block whose tag it is.
  if (tags && received !== undefined && issue.path.at(-1) === 'type') {
    const path = issue.path.slice(0, -1).map(String).join('.');
    const expected = tags.map(quote).join(', ');
    return invalidRequest(
      `${path}: Input tag ${quote(received)} found using 'type' does not match any of the expected tags: ${expected}`,
      path,
    );
  }
  const path = issue.path.map(String).join('.');
  return invalidRequest(`${path}: ${describe(issue, received)}`, path);
}

function describe(issue: Issue, received: unknown): string {
  if (received === undefined && ['invalid_type', 'invalid_union', 'invalid_value'].includes(issue.code)) {
    return 'Field required';
  }
  switch (issue.code) {
    case 'invalid_type':
      return `Input should be a valid ${noun(issue.expected)}`;
    case 'invalid_value':
      return `Input should be ${oneOf(issue.values.map(quote))}`;
    case 'too_small':
      if (!issue.message.startsWith('Too small')) return issue.message; // the schema's own words
      if (issue.origin === 'array')
        return `List should have at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string')
        return `String should have at least ${String(issue.minimum)} character${issue.minimum === 1 ? '' : 's'}`;
      return `Input should be greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return `Input should be less than or equal to ${String(issue.maximum)}`;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

const NOUNS: Record<string, string> = {
  string: 'string',
  number: 'number',
  int: 'integer',
  boolean: 'boolean',
  object: 'dictionary',
  record: 'dictionary',
  array: 'list',
};

function noun(expected: string): string {
  return NOUNS[expected] ?? expected;
}

function oneOf(values: string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)!}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mostSpecificIssue, zodIssueToError } from './zodIssueToError.js';

const schema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(z.object({ text: z.string() }))]),
});

function errorFor(body: unknown) {
  const result = schema.safeParse(body);
  if (result.success) throw new Error('expected invalid input');
  return zodIssueToError(body, mostSpecificIssue(result.error.issues[0]));
}

describe('zodIssueToError', () => {
  it('says which parameter is missing', () => {
    const err = errorFor({ content: 'x' });
    expect(err.message).toBe("Missing required parameter: 'role'.");
    expect(err.code).toBe('missing_required_parameter');
  });

  it('names the deepest field a union branch got to', () => {
    expect(errorFor({ role: 'user', content: [{ text: 1 }] }).param).toBe('content[0].text');
  });

  it('reports a wrong type as such', () => {
    const err = errorFor({ role: 'user', content: 5 });
    expect(err.param).toBe('content');
    expect(err.code).toBe('invalid_type');
  });

  it('a body that is not an object names no field', () => {
    expect(errorFor('hello').param).toBeNull();
  });
});

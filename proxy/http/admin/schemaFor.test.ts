import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { outline, schemaFor, type Outlined } from './schemaFor.js';

/**
 * The compile-time half of these cases is checked by `npm run typecheck`: each `@ts-expect-error`
 * marks a schema that must NOT compile against its contract type, and fails the typecheck if it
 * ever does. The run-time half shows what such a drift would cost a user.
 */
interface Rename {
  name: string;
  note?: string;
}

const rename = z.strictObject({ name: z.string().min(1), note: z.string().optional() });

describe('schemaFor: a request schema proven to parse to its contract type', () => {
  it('takes a schema with the same fields, types and optionality, and hands it back unchanged', () => {
    const schema = schemaFor<Rename>()(rename);
    expect(schema).toBe(rename);
    expect(schema.parse({ name: 'phone' })).toEqual({ name: 'phone' });
  });

  it('refuses a schema that lacks a field the contract lets the dashboard send', () => {
    const lacksNote = z.strictObject({ name: z.string() });
    // @ts-expect-error the contract has `note`, the schema does not
    schemaFor<Rename>()(lacksNote);
    // This is the drift that `satisfies z.ZodType<Rename>` lets through, and what it costs: a
    // strict schema answers the dashboard's well-formed request with a 400.
    lacksNote satisfies z.ZodType<Rename>;
    expect(lacksNote.safeParse({ name: 'phone', note: 'mine' } satisfies Rename).success).toBe(false);
  });

  it('refuses a schema with a field the contract does not have', () => {
    // @ts-expect-error the schema has `colour`, the contract does not
    schemaFor<Rename>()(rename.extend({ colour: z.string().optional() }));
  });

  it('refuses a schema that makes an optional field required, or narrows a type', () => {
    // @ts-expect-error `note` is optional in the contract
    schemaFor<Rename>()(z.strictObject({ name: z.string(), note: z.string() }));
    // @ts-expect-error `name` is any string in the contract
    schemaFor<Rename>()(z.strictObject({ name: z.literal('phone'), note: z.string().optional() }));
  });

  it('compares what the schema parses to, after defaults and coercion', () => {
    const page = schemaFor<{ limit: number }>()(z.object({ limit: z.coerce.number().default(100) }));
    expect(page.parse({})).toEqual({ limit: 100 });
    expect(page.parse({ limit: '7' })).toEqual({ limit: 7 });
  });

  it('lets a field be only outlined when its owner validates it, and still holds the other fields', () => {
    interface WithPolicy {
      name: string;
      policy?: { rpm?: number };
    }
    const body = schemaFor<Outlined<WithPolicy, 'policy'>>()(
      z.strictObject({ name: z.string(), policy: outline.optional() }),
    );
    expect(body.parse({ name: 'x', policy: { rpm: 'anything' } }).policy).toEqual({ rpm: 'anything' });
    expect(body.safeParse({ name: 'x', policy: 'not an object' }).success).toBe(false);
    // @ts-expect-error `policy` is optional in the contract
    schemaFor<Outlined<WithPolicy, 'policy'>>()(z.strictObject({ name: z.string(), policy: outline }));
  });
});

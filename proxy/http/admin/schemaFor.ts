import { z } from 'zod';

/** Whether a property is optional in an object type. */
type IsOptional<O, K extends keyof O> = object extends Pick<O, K> ? true : false;

/** Each type assignable to the other (the field level of the comparison below). */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The fields both types have but type or mark optional differently. */
type FieldsThatDiffer<Out, T> = {
  [K in keyof Out & keyof T]: IsOptional<Out, K> extends IsOptional<T, K>
    ? Mutual<Out[K], T[K]> extends true
      ? never
      : K
    : K;
}[keyof Out & keyof T];

/**
 * `true` when what a schema parses to has the same fields as T, each of the same type and
 * optionality; else what differs, which the compiler then prints in its error.
 */
export type ParsesTo<Schema extends z.ZodType, T> = [
  Exclude<keyof z.output<Schema>, keyof T>,
  Exclude<keyof T, keyof z.output<Schema>>,
  FieldsThatDiffer<z.output<Schema>, T>,
] extends [never, never, never]
  ? true
  : {
      onlyInSchema: Exclude<keyof z.output<Schema>, keyof T>;
      onlyInContract: Exclude<keyof T, keyof z.output<Schema>>;
      typedDifferently: FieldsThatDiffer<z.output<Schema>, T>;
    };

/**
 * Declares the schema that validates a request whose shape the contract (contract.ts) gives as T,
 * and proves at compile time that the two agree: `schemaFor<AddKeysRequest>()(z.strictObject(…))`.
 *
 * `satisfies z.ZodType<T>` alone checks one way only: it would let T gain a field the schema does
 * not know, and a strict schema refuses unknown fields, so the dashboard's request would fail at
 * run time with a 400. Here any field added, dropped, retyped or made optional on either side
 * fails the typecheck, and the error names the fields.
 */
export function schemaFor<T>() {
  return <Schema extends z.ZodType<T>>(
    schema: Schema & (ParsesTo<Schema, T> extends true ? unknown : { contractMismatch: ParsesTo<Schema, T> }),
  ): Schema => schema;
}

/**
 * The outline of a body whose fields another part of the gateway validates with its own rules and
 * messages (a client policy, a price): here only that it is a JSON object.
 */
export const outline = z.record(z.string(), z.unknown());

/** T with its fields K left to their owner's rules, as the route parses them: outlines. */
export type Outlined<T, K extends keyof T> = Omit<T, K> & {
  [P in keyof Pick<T, K>]: z.output<typeof outline>;
};

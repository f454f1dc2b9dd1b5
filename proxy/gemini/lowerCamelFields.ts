import { isPlainObject } from '../util/isPlainObject.js';

/**
 * Gemini's JSON follows the proto3 JSON mapping, which accepts each field by its lowerCamel name
 * and by its proto name (https://protobuf.dev/programming-guides/json/): `fileData.fileUri` and
 * `file_data.file_uri` are one field. gemgate reads requests (whose files and caches they name, which
 * project minted their thought signatures, how to continue them) in lowerCamel only, so a request
 * is put in that one spelling where it arrives, before anything reads it; a check that looked for
 * `fileData` cannot then be walked around with `file_data`.
 *
 * | in the request                                          | becomes                                  |
 * | ------------------------------------------------------- | ---------------------------------------- |
 * | a proto field name (`file_data`, `system_instruction`)  | its lowerCamel name (`fileData`, `systemInstruction`) |
 * | any other name (`fileData`, `_x`, `__proto__`)          | itself                                   |
 * | both spellings of one field in one object               | SpellingConflict (a 400: which one Gemini would read is not ours to guess) |
 * | the value of an opaque field (OPAQUE_FIELDS): a function's arguments or result, a JSON Schema given as JSON, examples and defaults | untouched, its keys are the caller's own |
 * | the keys of a Schema's `properties`                     | untouched (property names), their values as Schemas |
 * | strings, numbers, arrays of them                        | untouched                                |
 */
export function toLowerCamelFields(value: unknown, at = ''): unknown {
  // A field's path is spelled out only for an object or array, the one place a conflict can be
  // found: a request is mostly strings and numbers, and this runs on every native request.
  if (Array.isArray(value)) {
    return value.map((item, index) => (isObject(item) ? toLowerCamelFields(item, `${at}[${index}]`) : item));
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    const name = lowerCamel(key);
    if (Object.hasOwn(out, name)) throw new SpellingConflict(at ? `${at}.${name}` : name);
    setField(
      out,
      name,
      OPAQUE_FIELDS.has(name) || !isObject(field)
        ? field
        : name === 'properties' && isPlainObject(field)
          ? propertiesOf(field, at ? `${at}.${name}` : name)
          : toLowerCamelFields(field, at ? `${at}.${name}` : name),
    );
  }
  return out;
}

/** An object or an array: what toLowerCamelFields walks into (anything else it returns as it is). */
function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** `out[name] = value`, also for a field named `__proto__` (JSON.parse makes it an own property). */
function setField(out: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Fields whose value is the caller's own JSON (google.protobuf.Struct or Value, or a JSON Schema
 * given as JSON), not a message: their keys are names the caller chose.
 */
const OPAQUE_FIELDS = new Set([
  'args', // FunctionCall.args
  'response', // FunctionResponse.response (and FunctionDeclaration.response, a Schema: left as sent)
  'partMetadata',
  'parametersJsonSchema',
  'responseJsonSchema',
  'example',
  'default',
  'labels',
]);

/** Two spellings of one field in one object of the request. */
export class SpellingConflict extends Error {
  override name = 'SpellingConflict';

  constructor(readonly field: string) {
    super(
      `Invalid JSON payload received. The field ${field} is given twice, in lowerCamel and in snake_case; give it once.`,
    );
  }
}

/** A proto field name: lower case words joined by `_` (`file_uri`); anything else is left as it is. */
const PROTO_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

function lowerCamel(name: string): string {
  return PROTO_NAME.test(name) ? name.replace(/_([a-z0-9])/g, (_, next: string) => next.toUpperCase()) : name;
}

/** A Schema's `properties`: a map from the caller's property names to Schemas. */
function propertiesOf(properties: Record<string, unknown>, at: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties)) {
    setField(out, name, isObject(schema) ? toLowerCamelFields(schema, `${at}.${name}`) : schema);
  }
  return out;
}

/**
 * Prepares a client's JSON Schema for Gemini's `parametersJsonSchema` / `responseJsonSchema`.
 *
 * Why those fields and not `parameters` / `responseSchema`: the latter are Gemini's OpenAPI-subset
 * `Schema` proto, whose parser rejects the whole request at the first keyword it has no field for
 * (`additionalProperties`, `const`, `exclusiveMinimum`, `propertyNames`, type arrays such as
 * `["string","null"]` ... see e.g. CherryHQ/cherry-studio#20939, zuisong/gemini-openai-proxy#67).
 * Roo Code's and Cline's tools use exactly those (`additionalProperties: false` everywhere, nullable
 * type arrays, `anyOf`, `oneOf`). The `*JsonSchema` fields take JSON Schema as a plain value; Google's
 * reference example for them even includes `additionalProperties: false`.
 *
 * What is still removed: `$schema`. It is metadata, not a constraint, and Gemini has rejected or
 * mishandled it (google-gemini/gemini-cli#21963 strips it for the same reason; MCP servers, whose
 * schemas Cherry Studio forwards as tool parameters, routinely include it).
 */
export function cleanJsonSchema<T>(schema: T): T {
  return cleanSchemaNode(schema) as T;
}

/** Keys whose value maps names to subschemas: the names are data, never keywords to strip. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const STRIPPED_KEYWORDS = new Set(['$schema']);

function cleanSchemaNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(cleanSchemaNode);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (STRIPPED_KEYWORDS.has(key)) continue;
    out[key] = SCHEMA_MAPS.has(key) ? cleanSchemaMap(value) : cleanSchemaNode(value);
  }
  return out;
}

function cleanSchemaMap(map: unknown): unknown {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return map;
  return Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, cleanSchemaNode(sub)]));
}

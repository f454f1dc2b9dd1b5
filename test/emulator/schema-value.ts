import { Seed } from './seed.js';

/**
 * A JSON value that conforms to a response schema, chosen deterministically from the prompt. Handles
 * both dialects Gemini takes: generationConfig.responseSchema (the OpenAPI subset, types in upper case,
 * https://ai.google.dev/api/caching#Schema) and responseJsonSchema (JSON Schema with $ref/$defs,
 * anyOf, const, enum, min/max constraints). Every declared property is filled, which satisfies
 * `required` and any `propertyOrdering`.
 */

type Schema = Record<string, unknown>;

const WORDS = ['alpha', 'bravo', 'delta', 'echo', 'lima', 'nova', 'sigma', 'tango'];
const MAX_DEPTH = 8;

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t.toLowerCase();
  if (Array.isArray(t)) {
    const first = t.find((x) => typeof x === 'string' && x.toLowerCase() !== 'null') ?? t[0];
    return typeof first === 'string' ? first.toLowerCase() : undefined;
  }
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchema(node)) return undefined;
    node = node[key];
  }
  return isSchema(node) ? node : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function stringFor(schema: Schema, seed: Seed): string {
  const format = typeof schema.format === 'string' ? schema.format : '';
  if (format === 'date-time') return '2025-06-17T12:00:00Z';
  if (format === 'date') return '2025-06-17';
  if (format === 'email') return 'user@example.com';
  if (format === 'uri' || format === 'url') return 'https://example.com/item';
  if (format === 'uuid') return '123e4567-e89b-12d3-a456-426614174000';
  let s = `${seed.pick(WORDS)} ${seed.pick(WORDS)} 示例`;
  const min = num(schema.minLength) ?? num(schema.min_length);
  const max = num(schema.maxLength) ?? num(schema.max_length);
  if (min !== undefined) while (s.length < min) s += 'x';
  if (max !== undefined && s.length > max) s = s.slice(0, Math.max(0, max));
  return s;
}

function numberFor(schema: Schema, seed: Seed, integer: boolean): number {
  const min = num(schema.minimum) ?? num(schema.exclusiveMinimum);
  const max = num(schema.maximum) ?? num(schema.exclusiveMaximum);
  const lo = min ?? (max !== undefined ? max - 100 : 0);
  const hi = max ?? lo + 100;
  let value = lo + ((hi - lo) * (seed.below(1000) + 1)) / 1002;
  if (integer) {
    value = Math.round(value);
    if (min !== undefined && value <= min && schema.exclusiveMinimum !== undefined)
      value = Math.floor(min) + 1;
    if (max !== undefined && value >= max && schema.exclusiveMaximum !== undefined)
      value = Math.ceil(max) - 1;
    if (min !== undefined && value < min) value = Math.ceil(min);
    if (max !== undefined && value > max) value = Math.floor(max);
    return value;
  }
  return Math.round(value * 100) / 100;
}

function valueFor(schema: Schema, root: Schema, seed: Seed, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, root);
    return target ? valueFor(target, root, seed, depth + 1) : null;
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return seed.pick(schema.enum);
  for (const key of ['anyOf', 'any_of', 'oneOf']) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const usable = options.filter((o): o is Schema => isSchema(o) && typeOf(o) !== 'null');
      const option = usable[0] ?? options.find(isSchema);
      return option ? valueFor(option, root, seed, depth + 1) : null;
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = {};
    for (const part of schema.allOf) if (isSchema(part)) Object.assign(merged, part);
    return valueFor(merged, root, seed, depth + 1);
  }
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isSchema(schema.properties) ? schema.properties : {};
      const order = Array.isArray(schema.propertyOrdering)
        ? schema.propertyOrdering.filter((k): k is string => typeof k === 'string')
        : [];
      const names = [...order, ...Object.keys(props).filter((k) => !order.includes(k))];
      for (const name of names) {
        const sub = props[name];
        if (isSchema(sub)) out[name] = valueFor(sub, root, seed, depth + 1);
      }
      return out;
    }
    case 'array': {
      const items = isSchema(schema.items) ? schema.items : {};
      const min = num(schema.minItems) ?? num(schema.min_items) ?? 0;
      const max = num(schema.maxItems) ?? num(schema.max_items) ?? Infinity;
      const count = Math.min(max, Math.max(min, 2));
      return Array.from({ length: count }, () => valueFor(items, root, seed, depth + 1));
    }
    case 'string':
      return stringFor(schema, seed);
    case 'integer':
      return numberFor(schema, seed, true);
    case 'number':
      return numberFor(schema, seed, false);
    case 'boolean':
      return seed.below(2) === 0;
    case 'null':
      return null;
    default:
      return stringFor(schema, seed);
  }
}

export function schemaValue(schema: unknown, prompt: string): unknown {
  const root = isSchema(schema) ? schema : {};
  return valueFor(root, root, new Seed(`json:${prompt}`), 0);
}

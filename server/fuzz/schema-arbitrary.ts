import fc from 'fast-check';

/** A JSON Schema as zod and the OpenAPI document write them (the parts the generator reads). */
export type TJsonSchema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: TJsonSchema[];
  oneOf?: TJsonSchema[];
  allOf?: TJsonSchema[];
  properties?: Record<string, TJsonSchema>;
  required?: string[];
  items?: TJsonSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
};

export interface TSchemaContext {
  /** Resolves `#/components/schemas/X` (OpenAPI) or `#/$defs/X` (zod's own JSON Schema). */
  resolve: (ref: string) => TJsonSchema;
  /** Ids that exist on the server (cards, services, units, holds): used for uuid fields half the time. */
  ids: readonly string[];
  /** Ids that exist, by the field that names them (`caseId`, `serviceId`…): used for that field mostly. */
  idsByField?: Readonly<Record<string, readonly string[]>>;
}

const INSTANT = fc
  .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringFor(schema: TJsonSchema, ctx: TSchemaContext, key: string | undefined): fc.Arbitrary<string> {
  // A fresh commandId each time, or every command after the first would be a repeat of it.
  if (key === 'commandId') return fc.uuid();
  const known = key ? ctx.idsByField?.[key] : undefined;
  if (known && known.length > 0) {
    return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid() });
  }
  if (schema.format === 'uuid')
    return ctx.ids.length > 0 ? fc.oneof(fc.constantFrom(...ctx.ids), fc.uuid()) : fc.uuid();
  if (schema.format === 'date-time') return INSTANT;
  if (schema.format === 'date') return INSTANT.map((s) => s.slice(0, 10));
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uri' || schema.format === 'url') return fc.webUrl();
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 60));
  if (schema.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
    } catch {
      // A pattern fast-check cannot generate from: plain strings instead (most will be refused).
    }
  }
  return fc.string({ minLength, maxLength, unit: fc.constantFrom('a', 'b', 'Z', ' ', '1', '-', 'é', '😀', '\u0000') });
}

/**
 * Values that follow a JSON Schema: the near-valid half of the fuzzing (a refusal should come from the
 * rules, not from the first field). Sizes are kept small; the mutations add the large and the wrong.
 */
export function arbitraryFor(schema: TJsonSchema, ctx: TSchemaContext, depth = 0, key?: string): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  if (schema.$ref) return arbitraryFor(ctx.resolve(schema.$ref), ctx, depth + 1, key);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0)
    return fc.oneof(...alternatives.map((s) => arbitraryFor(s, ctx, depth + 1, key)));
  if (schema.allOf && schema.allOf.length > 0) {
    const merged: TJsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf) {
      const resolved = part.$ref ? ctx.resolve(part.$ref) : part;
      Object.assign(merged.properties ?? {}, resolved.properties);
      merged.required?.push(...(resolved.required ?? []));
    }
    return arbitraryFor(merged, ctx, depth + 1);
  }
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((t) => arbitraryFor({ ...schema, type: t }, ctx, depth + 1, key)));
  }
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 });
      const model = Object.fromEntries(
        Object.entries(properties).map(([k, s]) => [k, arbitraryFor(s, ctx, depth + 1, k)]),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
    case 'array':
      return fc.array(schema.items ? arbitraryFor(schema.items, ctx, depth + 1) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'string':
      return stringFor(schema, ctx, key);
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000),
        max: schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1_000,
        max: schema.maximum ?? schema.exclusiveMaximum ?? 1_000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Every path to a value inside an object or array, for mutations to aim at. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(path);
      pathsOf(v, path, out);
    }
  }
  return out;
}

function setAt(value: unknown, path: (string | number)[], replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(value);
  if (typeof value !== 'object' || value === null) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...value }) as Record<string | number, unknown>;
  const next = setAt(copy[head], rest, replace);
  if (next === REMOVE) delete copy[head];
  else copy[head] = next;
  return copy;
}
const REMOVE = Symbol('remove');

export const MUTATIONS = ['none', 'wrong-type', 'drop', 'huge-string', 'extra-keys', 'null', 'deep'] as const;

/**
 * A valid-looking value with one thing wrong: a field of the wrong type, a field missing, a huge string
 * (up to 150,000 characters), keys that name object internals, null, or deep nesting.
 */
export function nearValid(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.constantFrom(...MUTATIONS),
      fc.jsonValue({ maxDepth: 2 }),
      fc.nat(),
      fc.integer({ min: 1, max: 150_000 }),
    )
    .map(([value, mutation, junk, pick, size]) => {
      const paths = pathsOf(value);
      const path = paths.length > 0 ? (paths[pick % paths.length] ?? []) : [];
      switch (mutation) {
        case 'none':
          return value;
        case 'wrong-type':
          return setAt(value, path, () => junk);
        case 'drop':
          return setAt(value, path, () => REMOVE);
        case 'huge-string':
          return setAt(value, path, () => 'x'.repeat(size));
        case 'extra-keys':
          return typeof value === 'object' && value !== null && !Array.isArray(value)
            ? { ...value, ['__proto__']: { isAdmin: true }, constructor: junk, toString: 'x', [`k${pick}`]: junk }
            : value;
        case 'null':
          return setAt(value, path, () => null);
        case 'deep': {
          let nested: unknown = junk;
          for (let i = 0; i < 500; i++) nested = { a: nested };
          return setAt(value, path, () => nested);
        }
      }
    });
}

/** Anything at all, a near-valid value, or a valid one. */
export function payloadFor(schema: TJsonSchema, ctx: TSchemaContext): fc.Arbitrary<unknown> {
  const valid = arbitraryFor(schema, ctx);
  return fc.oneof(
    { weight: 2, arbitrary: valid },
    { weight: 5, arbitrary: nearValid(valid) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );
}

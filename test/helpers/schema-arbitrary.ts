// fast-check arbitraries from the JSON Schemas of the served OpenAPI document: values the
// schema allows, and values it does not (wrong types, missing required fields, numbers out of
// range, strings off their pattern). Used by the contract fuzzer (test/api/contract-fuzz).
import fc from "fast-check";

export type Schema = Record<string, unknown>;

export interface ArbitraryOptions {
  /** The whole document, to resolve `#/components/...` references. */
  doc: Schema;
  /** Values for `format: uri` strings: the gateway would call them, so they must stay on loopback. */
  uri: fc.Arbitrary<string>;
}

export function resolve(s: Schema, doc: Schema): Schema {
  let cur = s;
  while (typeof cur.$ref === "string") {
    cur = (cur.$ref as string)
      .slice(2)
      .split("/")
      .reduce<Schema>((o, k) => o[k.replace(/~1/g, "/").replace(/~0/g, "~")] as Schema, doc);
  }
  return cur;
}

const pad = (n: number) => String(n).padStart(2, "0");
/** A real local datetime within a few days of now, so ranges and filters sometimes match. */
const localTime = fc
  .integer({ min: -3 * 86400, max: 3 * 86400 })
  .map((d) => new Date(Date.now() + d * 1000))
  .map(
    (t) =>
      `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`,
  );

/** Values the schema allows. */
export function valid(schema: Schema, o: ArbitraryOptions): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === "string" && schema.$ref.endsWith("/LocalTime")) return localTime;
  const s = resolve(schema, o.doc);
  if ("const" in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.oneOf)) return fc.oneof(...(s.oneOf as Schema[]).map((x) => valid(x, o)));
  switch (s.type) {
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: (s.minimum as number) ?? -1e6, max: (s.maximum as number) ?? 1e6 });
    case "number":
      return fc.double({ min: (s.minimum as number) ?? -1e6, max: (s.maximum as number) ?? 1e6, noNaN: true });
    case "string":
      if (s.format === "uri") return o.uri;
      if (typeof s.pattern === "string") return fc.stringMatching(new RegExp(s.pattern));
      return fc.string({ minLength: (s.minLength as number) ?? 0, maxLength: 24 });
    case "object": {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valid(v, o)]));
      return fc.record(model, { requiredKeys: required });
    }
    default:
      return fc.anything();
  }
}

const wrongType = (s: Schema): fc.Arbitrary<unknown> => {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 12 }),
    integer: fc.integer(),
    number: fc.double({ noNaN: true }),
    boolean: fc.boolean(),
    object: fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 3 }),
    array: fc.array(fc.integer(), { maxLength: 3 }),
    null: fc.constant(null),
  };
  const type = String(s.type ?? "");
  const others = Object.entries(all).filter(([k]) => k !== type && !(type === "number" && k === "integer"));
  return fc.oneof(...others.map(([, a]) => a));
};

/** Values the schema refuses (or, for a schema with no constraint to break, anything at all). */
export function invalid(schema: Schema, o: ArbitraryOptions): fc.Arbitrary<unknown> {
  const s = resolve(schema, o.doc);
  const options: fc.Arbitrary<unknown>[] = [wrongType(s)];
  if (s.type === "integer" || s.type === "number") {
    if (typeof s.minimum === "number") options.push(fc.integer({ min: -1e9, max: s.minimum - 1 }));
    if (typeof s.maximum === "number") options.push(fc.integer({ min: s.maximum + 1, max: 2e9 }));
    if (s.type === "integer") options.push(fc.double({ min: -100, max: 100, noInteger: true, noNaN: true }));
  }
  if (s.type === "string" && typeof s.pattern === "string" && s.format !== "uri") {
    const re = new RegExp(s.pattern);
    options.push(fc.string({ maxLength: 16 }).filter((x) => !re.test(x)));
  }
  if (s.type === "object") {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const required = (s.required ?? []) as string[];
    const base = valid(s, o) as fc.Arbitrary<Record<string, unknown>>;
    if (required.length > 0) {
      options.push(fc.tuple(base, fc.constantFrom(...required)).map(([v, k]) => omit(v, k)));
    }
    const keys = Object.keys(props);
    if (keys.length > 0) {
      const broken = fc
        .constantFrom(...keys)
        .chain((k) => fc.tuple(base, fc.constant(k), invalid(props[k] as Schema, o)))
        .map(([v, k, bad]) => ({ ...v, [k]: bad }));
      options.push(broken);
    }
  }
  return fc.oneof(...options);
}

function omit(v: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = v;
  return rest;
}

import fc from 'fast-check';

// Arbitraries of hostile input for the fuzzer: values a careless or malicious client sends,
// generated from the OpenAPI document's schemas (the right shape, almost) and from a corpus of
// values that break parsers and validators (the wrong shape entirely).

/** An OpenAPI schema object, as much of it as the generators read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
}

/** Strings at the edges of Unicode and of the validators. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud800y',
  '\u0007\u001b[31m',
  '\u007f\u0085\u009f',
  'line\nbreak',
  'tab\there',
  '\r\n\r\n',
  '\u202e\u2066reversed',
  '\u200b\u200d\ufeff',
  '\ufffe\uffff',
  'e\u0301\u0301\u0301\u0301',
  '😀👨‍👩‍👧‍👦',
  'ＡＢＣ１２３',
  '深化改革〔2026〕1号',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  '%00',
  '%',
  '${7*7}{{7*7}}',
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  'NaN',
  'Infinity',
  '-0',
  '1e999',
  'true',
  'null',
  '[]',
  '{}',
  '2026-02-30T00:00:00Z',
  '2026-13-01',
  '9999-12-31T23:59:59.999+14:00',
  '0000-01-01T00:00:00Z',
  '2026-06-30T18:00:00+08:00',
  '2026-06-30',
  'me',
  'a'.repeat(10_000),
  '长'.repeat(70_000),
];

/** Numbers at the edges. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  100,
  101,
  2000,
  2100,
  2101,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
];

/** A JSON value nested `depth` levels deep (arrays inside objects inside arrays...). */
export function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** An object whose own keys are the prototype-pollution keys (JSON.stringify writes them). */
export function withKeys(base: Record<string, unknown>, keys: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(base)) o[k] = v;
  for (const [k, v] of Object.entries(keys))
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const POLLUTION = fc.constantFrom<Record<string, unknown>>(
  { __proto__: { polluted: true, isAdmin: true } },
  { constructor: { prototype: { polluted: true } } },
  { prototype: { polluted: true } },
  { __proto__: null },
  { hasOwnProperty: 'x', toString: 1, valueOf: {} },
);

/** Any hostile JSON value: wrong types, edge strings and numbers, deep and wide values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [[]], { '': '' }) },
  { weight: 1, arbitrary: fc.constantFrom(nested(64), nested(2_000)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Array.from({ length: 5_000 }, (_, i) => i),
      Array.from({ length: 600 }, () => 'x'),
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: POLLUTION.map((keys) => withKeys({}, keys)) },
);

const VALID_DATES = ['2026-06-30T18:00:00+08:00', '2099-01-01T00:00:00Z', '2026-06-30', '2020-01-01T00:00:00.000Z'];

/** The components of the OpenAPI document, to resolve `$ref`s. */
export type Components = Record<string, Schema>;

/** A value of (nearly) the schema's shape: what a client that read the docs would send. */
export function fromSchema(schema: Schema | undefined, components: Components, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostileValue;
  if (schema.$ref) return fromSchema(components[schema.$ref.replace('#/components/schemas/', '')], components, depth + 1);
  if (schema.allOf?.length) return fromSchema(schema.allOf[0], components, depth + 1);
  if (schema.oneOf?.length) return fc.oneof(...schema.oneOf.map((s) => fromSchema(s, components, depth + 1)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return fc.constantFrom(...VALID_DATES);
      return fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(schema.maxLength ?? 30, 30) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(schema.items, components, depth + 1), { maxLength: 3 });
    case 'object':
    default: {
      const props = schema.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) record[k] = fromSchema(s, components, depth + 1);
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
  }
}

/** A body for a route whose body has `schema`: mostly near-valid, with one field hostile, extra keys, or nothing like it. */
export function hostileBody(schema: Schema | undefined, components: Components): fc.Arbitrary<{ text?: string; contentType?: string }> {
  const shaped = fromSchema(schema, components) as fc.Arbitrary<Record<string, unknown>>;
  const json = (v: unknown) => ({ text: JSON.stringify(v) });
  const oneFieldHostile = fc.tuple(shaped, fc.string({ maxLength: 12 }), hostileValue, fc.nat()).map(([body, extraKey, value, pick]) => {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
    const keys = Object.keys(body);
    const key = keys.length > 0 && pick % 3 !== 0 ? keys[pick % keys.length]! : extraKey;
    return { ...body, [key]: value };
  });
  return fc.oneof(
    { weight: 3, arbitrary: shaped.map(json) },
    { weight: 6, arbitrary: oneFieldHostile.map(json) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(shaped, POLLUTION)
        .map(([b, keys]) => json(typeof b === 'object' && b && !Array.isArray(b) ? withKeys(b, keys) : b)),
    },
    { weight: 2, arbitrary: hostileValue.map(json) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { text: '{"a":' },
        { text: '{"x":1e999}' },
        { text: '['.repeat(50_000) },
        { text: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
        { text: `{"a":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_001)}` },
        { text: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}` },
        { text: '\ufeff{}' },
        { text: '{"a":"\\ud800"}' },
        { text: '{}', contentType: 'text/plain' },
        { text: '{}', contentType: 'application/json; charset=utf-16' },
        { text: '<x/>', contentType: 'application/xml' },
        { text: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
        { text: '{}', contentType: 'application/problem+json' },
        {},
      ),
    },
  );
}

/** A value for one path segment: a real id of the right kind, or something hostile. */
export function hostileSegment(real: readonly string[]): fc.Arbitrary<string> {
  const encode = (s: string) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80'; // a lone surrogate cannot be UTF-8: send the bytes a careless client would
    }
  };
  return fc.oneof(
    ...(real.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...real).map(encode) }] : []),
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 1_000 && s !== '')).map(encode) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '%zz', '%00', '..', '.', '%2e%2e%2f', 'a%2Fb', '%C0%AF', 'x'.repeat(5_000), '-1', '1e999'),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encode) },
  );
}

/** A query string for the declared parameters (each left out, well formed, hostile or repeated) plus unknown ones. */
export function hostileQuery(params: Array<{ name: string; schema?: Schema }>, components: Components): fc.Arbitrary<string> {
  const scalar = (s: Schema | undefined) =>
    fc.oneof(
      { weight: 3, arbitrary: fromSchema(s, components).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))) },
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((x) => x.length < 1_000), ...HOSTILE_NUMBERS.map(String)) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    );
  const enc = (s: string) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80';
    }
  };
  const one = (p: { name: string; schema?: Schema }) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant<string[]>([]) },
      { weight: 4, arbitrary: scalar(p.schema).map((v) => [`${enc(p.name)}=${enc(v)}`]) },
      {
        weight: 1,
        arbitrary: fc.array(scalar(p.schema), { minLength: 2, maxLength: 3 }).map((vs) => vs.map((v) => `${enc(p.name)}=${enc(v)}`)),
      },
      { weight: 1, arbitrary: fc.constant([`${enc(p.name)}[a]=1`, `${enc(p.name)}[__proto__][x]=1`]) },
    );
  const extra = fc.oneof(
    { weight: 4, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ['__proto__[polluted]=1'],
        ['constructor[prototype][polluted]=1'],
        ['__proto__=x'],
        ['unknown=1'],
        ['=x', '&&', 'a'],
        ['%zz=%zz'],
      ),
    },
  );
  return fc.tuple(fc.tuple(...params.map(one)), extra).map(([parts, more]) => [...parts.flat(), ...more].join('&'));
}

/** Request headers a hostile client adds. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      'idempotency-key': fc.oneof(
        fc.constantFrom('', ' ', 'k'.repeat(201), 'k'.repeat(10_000), '__proto__'),
        fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
      ),
      'if-match': fc.constantFrom('"0"', '"-1"', '"1e999"', '"99999999999999999999"', '*', 'W/"0"', '"abc"', '', '"0", "1"'),
      'accept-language': fc.constantFrom('en', 'zh-CN', '*', 'xx-YY', 'en;q=abc', 'en;q=0,zh;q=0', ','.repeat(1_000), 'e'.repeat(5_000)),
      'x-correlation-id': fc.constantFrom('abc', '', 'x'.repeat(500), '../..', '__proto__'),
    },
    { requiredKeys: [] },
  )
  // A client cannot send a header without a value that is a valid header string: drop those.
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v))));

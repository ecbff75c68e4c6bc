import fc from "fast-check";

// Generators of the input an attacker or a careless integrator sends. Shared by every fuzz file
// (test/fuzz/*.fuzz.test.ts) so each target sees the same hostile vocabulary.

/** Cases per target: small in `npm test`, ≥ 10,000 in `npm run fuzz` (scripts/fuzz.ts). */
export const FUZZ_RUNS = Number(process.env.HOOKFLOW_FUZZ_RUNS ?? 200);
/** Seed for reproducing a failure: fast-check prints it with the counterexample. */
export const FUZZ_SEED = process.env.HOOKFLOW_FUZZ_SEED ? Number(process.env.HOOKFLOW_FUZZ_SEED) : undefined;
/** Longest a single case may take before it counts as a hang. */
export const CASE_TIME_LIMIT_MS = 10_000;

export const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];

/** An object whose keys are own data properties even when named `__proto__` (a literal would set the prototype). */
export function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return target;
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

const INJECTIONS = [
  "{{ secrets.API_TOKEN }}",
  "{% raw %}{{ person.email }}{% endraw %}",
  "{% for i in (1..1000000) %}x{% endfor %}",
  "<img src=x onerror=alert(1)>",
  "<script>window.__pwned=1</script>",
  "'; drop table events; --",
  '=HYPERLINK("http://evil.example","x")',
  "+1+1",
  "-2+3",
  "@SUM(A1)",
  "\u202e\u0000\u0001",
  "\ufeff\u200b\u2028\u2029",
  "👩‍👩‍👧‍👦🏳️‍🌈",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(...INJECTIONS, ...PROTOTYPE_KEYS, "", " "),
  fc
    .tuple(fc.string({ maxLength: 5 }), loneSurrogate, fc.string({ maxLength: 5 }))
    .map((parts) => parts.join("")),
  fc.constantFrom(1_000, 70_000, 600_000, 2_000_000).map((length) => "x".repeat(length)),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 1e14, 1e15, 1e308, -1e308, 5e-324, -0, 0.1 + 0.2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

export const hostileDate: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "0000-01-01",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:59:59.999999999+14:00",
    "1969-12-31T23:59:59Z",
    "2026-02-30",
    "2026-02-29T00:00:00Z",
    "2026-13-01",
    "2026-00-10",
    "2026-07-15T24:00:00Z",
    "2026-07-15T23:60:00Z",
    "2026-07-15T23:59:60Z",
    "+275760-09-13T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "2026-07-15T10:00:00+99:99",
    "yesterday",
  ),
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((date) => date.toISOString()),
);

/** Nesting well past the API's depth limit (64), as arrays or objects. */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 30, max: 3000 }), fc.boolean())
  .map(([depth, asArray]) => {
    let value: unknown = "leaf";
    for (let level = 0; level < depth; level++) value = asArray ? [value] : { a: value };
    return value;
  });

const wideObject = fc
  .integer({ min: 100, max: 20_000 })
  .map((count) => objectOf(Array.from({ length: count }, (_, index) => [`k${index}`, index] as const)));

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  hostileDate,
  fc.boolean(),
  fc.constant(null),
);

/** Any JSON value built from hostile leaves, with prototype keys among the object keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc
      .array(fc.tuple(fc.oneof(hostileString, fc.constantFrom(...PROTOTYPE_KEYS)), tie("value")), {
        maxLength: 4,
      })
      .map(objectOf),
    deepValue,
    wideObject,
  ),
})).value;

/** A properties object: hostile keys and values (the shape the API accepts, with hostile content). */
export const hostileProperties: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.oneof(hostileString, fc.constantFrom(...PROTOTYPE_KEYS)), hostileJson), { maxLength: 5 })
  .map(objectOf);

/** Bytes that are not UTF-8: overlong forms, encoded surrogates, stray continuation bytes, 0xFF. */
export const invalidUtf8: fc.Arbitrary<Uint8Array> = fc
  .constantFrom(
    [0xff],
    [0xc0, 0x80],
    [0xed, 0xa0, 0x80],
    [0x80],
    [0xe2, 0x82],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
  )
  .map((bytes) => Uint8Array.from(bytes));

/** Replaces the JSON string "\u0001MARK\u0001" inside `text` with raw bytes (to smuggle invalid UTF-8). */
export const BYTES_MARK = "\u0001MARK\u0001";
export function spliceBytes(text: string, bytes: Uint8Array): Uint8Array {
  const marker = JSON.stringify(BYTES_MARK).slice(1, -1);
  const index = text.indexOf(marker);
  if (index < 0) return new TextEncoder().encode(text);
  const before = Buffer.from(text.slice(0, index), "utf8");
  const after = Buffer.from(text.slice(index + marker.length), "utf8");
  return new Uint8Array(Buffer.concat([before, bytes, after]));
}

/** Runs `work`, failing the case if it takes longer than CASE_TIME_LIMIT_MS (a hang). */
export async function withinTimeLimit<T>(what: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${CASE_TIME_LIMIT_MS} ms`)),
      CASE_TIME_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([work(), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Counts outcomes per target, printed once at the end (what the run exercised, for docs/RELIABILITY.md). */
export function createTally(target: string) {
  const counts = new Map<string, number>();
  const started = performance.now();
  return {
    count(outcome: string | number) {
      counts.set(String(outcome), (counts.get(String(outcome)) ?? 0) + 1);
    },
    report() {
      const parts = [...counts.entries()].sort().map(([outcome, count]) => `${outcome}: ${count}`);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.info(`[fuzz] ${target}: ${parts.join(", ")} (${seconds} s)`);
    },
  };
}

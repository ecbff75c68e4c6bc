import { z } from "zod";
import { DEFAULT_LIMITS } from "@/lib/code/runtime/types";

// A code function's settings (the Settings tab; copied into each deployed version): the outputs
// flows may branch on and template with (`{{ outputs.<nodeId>.<name> }}`), the per-invocation
// limits, and the rate limit of event-subscribed invocations. Shared by the server actions, the
// Code page's form and the flow editor's code node (which lists a function's outputs).
// Browser-safe: no server imports.

export const MAX_CODE_OUTPUTS = 5;
export const CODE_OUTPUT_TYPES = ["string", "number", "boolean", "json"] as const;
export type TCodeOutputType = (typeof CODE_OUTPUT_TYPES)[number];

/** The server's ceilings: a setting above one is lowered to it (a workspace cannot opt out). */
export const CODE_LIMIT_MAXIMA = { cpuMs: 30_000, wallMs: 30_000, memoryMb: 256 } as const;
export const CODE_LIMIT_MINIMA = { cpuMs: 10, wallMs: 10, memoryMb: 16 } as const;
/** Klaviyo's figure: 10 invocations per second per function; the excess is queued, never dropped. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 10;
export const MAX_RATE_LIMIT_PER_SECOND = 100;

export const CODE_OUTPUT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const clamped = (key: keyof typeof CODE_LIMIT_MAXIMA, fallback: number) =>
  z
    .number({ error: `${key} must be a number` })
    .int(`${key} must be a whole number`)
    .transform((value) => Math.min(Math.max(value, CODE_LIMIT_MINIMA[key]), CODE_LIMIT_MAXIMA[key]))
    .default(fallback);

export const ZCodeLimits = z.object({
  /** CPU time of synchronous code (the timeout does not cover code after an `await`: wallMs does). */
  cpuMs: clamped("cpuMs", DEFAULT_LIMITS.cpuMs),
  wallMs: clamped("wallMs", DEFAULT_LIMITS.wallMs),
  memoryMb: clamped("memoryMb", DEFAULT_LIMITS.memoryMb),
});
export type TCodeLimits = z.output<typeof ZCodeLimits>;

export const ZCodeOutput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the output a name")
      .max(64, "An output name has at most 64 characters")
      .regex(
        CODE_OUTPUT_NAME_PATTERN,
        "An output name is an identifier: letters, digits and _, not starting with a digit",
      ),
    type: z.enum(CODE_OUTPUT_TYPES, { error: "Type is string, number, boolean or json" }),
    /** Used when the function's return value has no such key (or the wrong type). */
    default: z.unknown().optional(),
  })
  .superRefine((output, context) => {
    if (output.default === undefined || output.default === null) return;
    const problem = outputTypeProblem(output.type, output.default);
    if (problem) context.addIssue({ code: "custom", path: ["default"], message: `Default: ${problem}` });
  });
export type TCodeOutput = z.output<typeof ZCodeOutput>;

export const ZCodeFunctionSettings = z.object({
  outputs: z
    .array(ZCodeOutput)
    .max(MAX_CODE_OUTPUTS, `A function declares at most ${MAX_CODE_OUTPUTS} outputs`)
    .default([])
    .superRefine((outputs, context) => {
      const seen = new Set<string>();
      outputs.forEach((output, index) => {
        if (seen.has(output.name))
          context.addIssue({
            code: "custom",
            path: [index, "name"],
            message: `Output "${output.name}" is declared twice`,
          });
        seen.add(output.name);
      });
    }),
  limits: ZCodeLimits.default(ZCodeLimits.parse({})),
  rateLimitPerSecond: z
    .number()
    .int("The rate limit is a whole number of invocations per second")
    .min(1, "The rate limit is at least 1 invocation per second")
    .max(
      MAX_RATE_LIMIT_PER_SECOND,
      `The rate limit is at most ${MAX_RATE_LIMIT_PER_SECOND} invocations per second`,
    )
    .default(DEFAULT_RATE_LIMIT_PER_SECOND),
});
export type TCodeFunctionSettings = z.output<typeof ZCodeFunctionSettings>;
export type TCodeFunctionSettingsInput = z.input<typeof ZCodeFunctionSettings>;

export const DEFAULT_CODE_SETTINGS: TCodeFunctionSettings = ZCodeFunctionSettings.parse({});

/**
 * Settings as stored (JSON column): parsed with defaults; a stored value the schema no longer
 * accepts falls back to the defaults rather than breaking every invocation of the function.
 */
export function readCodeSettings(stored: unknown): TCodeFunctionSettings {
  const parsed = ZCodeFunctionSettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_CODE_SETTINGS;
}

/** Why `value` is not of the output type, or null when it is. */
export function outputTypeProblem(type: TCodeOutputType, value: unknown): string | null {
  switch (type) {
    case "string":
      return typeof value === "string" ? null : `expected a string, got ${describeValue(value)}`;
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? null
        : `expected a number, got ${describeValue(value)}`;
    case "boolean":
      return typeof value === "boolean" ? null : `expected true or false, got ${describeValue(value)}`;
    case "json":
      return value === undefined ? "expected a JSON value" : null;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

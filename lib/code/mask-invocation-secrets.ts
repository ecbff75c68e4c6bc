import type { TInvocationResult } from "@/lib/code/runtime/types";
import { maskSecrets } from "@/lib/templating/mask-secrets";

/**
 * The invocation's result with every secret value (`context.env`) replaced by ••••, in every
 * string it holds: logs, the error and its stack, fetch records, SDK call records, the return
 * value and so the outputs. Guest code can print or return a secret; what is stored, shown and
 * passed downstream never holds it (found by test/fuzz/secrets-never-leak.test.ts). A function
 * that must hand a credential to a later step cannot do it through outputs: the step reads the
 * workspace secret itself (`secrets.NAME` in a webhook).
 */
export function maskInvocationSecrets(
  result: TInvocationResult,
  env: Record<string, string>,
): TInvocationResult {
  if (Object.keys(env).length === 0) return result;
  return maskDeep(result, env) as TInvocationResult;
}

function maskDeep(value: unknown, secrets: Record<string, string>): unknown {
  if (typeof value === "string") return maskSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, secrets));
  if (value === null || typeof value !== "object") return value;
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(masked, maskSecrets(key, secrets), {
      value: maskDeep(item, secrets),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return masked;
}

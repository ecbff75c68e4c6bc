import { outputTypeProblem, type TCodeOutput } from "@/lib/code/functions/settings-schema";

/**
 * The declared outputs from a function's return value: each name read from the returned object;
 * absent (or of the wrong type) → its default (null without one), and a wrong type is reported
 * so the Logs tab says why the flow saw the default. Undeclared keys are not outputs.
 */
export function extractOutputs(
  declared: readonly TCodeOutput[],
  returnValue: unknown,
): { outputs: Record<string, unknown>; problems: string[] } {
  const outputs: Record<string, unknown> = {};
  const problems: string[] = [];
  const returned =
    returnValue !== null && typeof returnValue === "object" && !Array.isArray(returnValue)
      ? (returnValue as Record<string, unknown>)
      : null;
  if (declared.length > 0 && returnValue !== null && returnValue !== undefined && !returned) {
    problems.push("The function returned a value that is not an object: every output took its default");
  }
  for (const output of declared) {
    const value = returned && Object.hasOwn(returned, output.name) ? returned[output.name] : undefined;
    if (value === undefined || value === null) {
      outputs[output.name] = output.default ?? null;
      continue;
    }
    const problem = outputTypeProblem(output.type, value);
    if (problem) {
      problems.push(`Output "${output.name}": ${problem}; used the default`);
      outputs[output.name] = output.default ?? null;
    } else {
      outputs[output.name] = value;
    }
  }
  return { outputs, problems };
}

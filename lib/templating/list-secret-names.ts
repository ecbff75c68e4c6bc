import { liquidEngine } from "@/lib/templating/liquid-engine";
import { parseTemplateOrThrow } from "@/lib/templating/parse-template";

export type TSecretNames = {
  /** Names read as `secrets.NAME` or `secrets['NAME']`, sorted, each once. */
  names: string[];
  /** True when the template reads `secrets` as a whole or by a computed name (`secrets[x]`). */
  hasDynamicAccess: boolean;
};

/**
 * The secrets a template reads, found by liquidjs's static analysis. Lets the step check at save
 * time that each secret exists, and at send time decrypt only those; a header value whose
 * template reads a secret can be stored masked whole (base64 in Basic auth defeats maskSecrets).
 * Throws the parse error for an invalid template (validate with parseTemplate first).
 */
export function listSecretNames(template: string): TSecretNames {
  const segmentsList = liquidEngine.globalVariableSegmentsSync(parseTemplateOrThrow(template));
  const names = new Set<string>();
  let hasDynamicAccess = false;
  for (const [root, name] of segmentsList) {
    if (root !== "secrets") continue;
    if (typeof name === "string") names.add(name);
    else hasDynamicAccess = true;
  }
  return { names: [...names].sort(), hasDynamicAccess };
}

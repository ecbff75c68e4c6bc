import type { TAllowlist } from "./allowlist";
import {
  resolveAllowedAddressesOrThrow,
  resolveWithSystem,
  type TResolver,
} from "./resolve-allowed-addresses";
import { findSsrfRefusal } from "./ssrf-refused-error";

export type TUrlCheck = { ok: true } | { ok: false; reason: string };

/**
 * Save-time validation of a webhook URL, for the editor: the same decision the dispatcher makes
 * at send time, without connecting. Advisory only — DNS can change after saving, so every
 * delivery is checked again by the guarded dispatcher. A name that does not resolve is reported
 * (the user can act on a typo); any port is allowed.
 */
export async function checkUrl(
  url: string,
  options: { allowlist: TAllowlist; resolve?: TResolver },
): Promise<TUrlCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: `"${url}" is not a valid URL` };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { ok: false, reason: `Only http and https URLs can receive webhooks, not ${parsed.protocol}` };
  }
  if (parsed.username !== "" || parsed.password !== "") {
    return {
      ok: false,
      reason: "The URL must not contain credentials (user:password@); send them in a header instead",
    };
  }
  try {
    await resolveAllowedAddressesOrThrow({
      host: parsed.hostname,
      allowlist: options.allowlist,
      resolve: options.resolve ?? resolveWithSystem,
    });
    return { ok: true };
  } catch (error) {
    const refusal = findSsrfRefusal(error);
    if (refusal) return { ok: false, reason: refusal.message };
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `Could not resolve ${parsed.hostname} (${detail})` };
  }
}

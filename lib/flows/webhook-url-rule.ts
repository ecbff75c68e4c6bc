// The flow webhook URL rule (browser-safe, shared by the inspector and "Send test"): https, and
// http only where the server allows private targets for development (HOOKFLOW_WEBHOOK_ALLOWLIST
// set) — a production server sends signed profile data over TLS only.

export function webhookUrlProblem(url: string, options: { isHttpAllowed: boolean }): string | null {
  const trimmed = url.trim();
  if (trimmed === "") return "Enter the endpoint URL";
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return `"${trimmed}" is not a valid URL`;
  }
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:") {
    return options.isHttpAllowed
      ? null
      : "Use https: this server allows http only for development (HOOKFLOW_WEBHOOK_ALLOWLIST)";
  }
  return `Only https URLs can receive webhooks, not ${parsed.protocol}`;
}

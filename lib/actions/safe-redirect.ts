/**
 * Where to go after signing in: only a path on this site (an absolute or protocol-relative URL in
 * `callbackUrl` would make the sign-in page an open redirect).
 */
export function safeRedirectPath(raw: unknown, fallback = "/activity"): string {
  if (typeof raw !== "string" || raw.length > 2000) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (raw.startsWith("/sign-in") || raw.startsWith("/sign-up") || raw.startsWith("/api/")) return fallback;
  return raw;
}

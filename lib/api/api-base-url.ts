import { env } from "@/lib/env";

/**
 * Origin used in `links` (self, next): HOOKFLOW_PUBLIC_URL when set (behind a proxy the request's
 * own Host may be internal), otherwise the origin the request was made to.
 */
export function apiBaseUrl(request: Request): string {
  const configured = env().HOOKFLOW_PUBLIC_URL;
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, "");
}

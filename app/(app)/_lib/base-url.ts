import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The address users reach Hookflow at, for links and examples shown in the UI: HOOKFLOW_PUBLIC_URL
 * when set (behind a reverse proxy the Host header may be internal), else the request's host.
 */
export async function appBaseUrl(): Promise<string> {
  const configured = env().HOOKFLOW_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host") ?? "localhost:3000";
  const proto =
    list.get("x-forwarded-proto") ??
    (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto.split(",")[0]?.trim() || "http"}://${host}`;
}

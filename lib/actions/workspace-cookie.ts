import "server-only";
import { cookies } from "next/headers";
import { WORKSPACE_COOKIE } from "@/lib/auth/workspace-context";

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Remembers which workspace to show. The cookie grants nothing — workspaceContext() re-checks the
 * membership on every request — so it needs neither signing nor `secure`. (Not in a "use server"
 * file: every export there becomes a callable endpoint.)
 */
export async function selectWorkspace(workspaceId: string): Promise<void> {
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: YEAR_SECONDS,
  });
}

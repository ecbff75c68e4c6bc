import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { currentUser } from "@/lib/auth/current-user";
import { type TWorkspaceContext, workspaceContext } from "@/lib/auth/workspace-context";

/** One session + membership lookup per request, shared by the layout and the page. */
export const pageWorkspaceContext = cache(workspaceContext);

/**
 * The workspace a page shows. Every page calls it itself (layouts and the proxy are not a security
 * boundary: a page can render without its layout re-running). Role checks for changes happen in
 * the server actions; pages only decide what to show read-only.
 */
export async function requirePageWorkspace(): Promise<TWorkspaceContext> {
  const context = await pageWorkspaceContext();
  if (context) return context;
  redirect((await currentUser()) ? "/welcome" : "/sign-in");
}

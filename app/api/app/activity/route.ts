import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { requireWorkspace } from "@/lib/auth/workspace-context";
import { jsonError, NO_STORE } from "../json-error";
import { ACTIVITY_PAGE_SIZE, loadActivityPage } from "./load-activity";

const ZActivityQuery = z.object({
  metric: z.uuid("must be a metric id").optional(),
  cursor: z.string().max(200).optional(),
  since: z.iso.datetime("must be an ISO date-time").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(ACTIVITY_PAGE_SIZE),
});

/**
 * The Activity feed's data for the signed-in user's current workspace: the newest events, with
 * `since` only those at or after that time (the live poll, every few seconds), or with `cursor` the
 * next older page. Session cookie
 * auth, checked here (the proxy does not cover /api).
 */
export async function GET(request: NextRequest) {
  try {
    const { workspace } = await requireWorkspace({ role: "viewer" });
    const query = ZActivityQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    const page = await loadActivityPage({
      workspaceId: workspace.id,
      metricId: query.metric,
      cursor: query.cursor,
      since: query.since,
      limit: query.limit,
    });
    // The workspace rides along: the cookie may have been switched in another tab, and the feed
    // must not merge another workspace's events into the one it shows.
    return NextResponse.json({ ...page, workspaceId: workspace.id }, { headers: NO_STORE });
  } catch (error) {
    return jsonError(error, "api/app/activity");
  }
}

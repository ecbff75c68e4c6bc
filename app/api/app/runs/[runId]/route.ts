import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { requireWorkspace } from "@/lib/auth/workspace-context";
import { jsonError, NO_STORE } from "../../json-error";
import { loadRunDetail } from "../load-run-detail";
import type { TRunDetailResponse } from "../run-detail-types";

export const dynamic = "force-dynamic";

const ZRunParams = z.object({ runId: z.uuid("must be a run id") });

/**
 * One run with its steps, for the run page's live view (polled about every second while the run
 * is in progress). Session cookie auth, checked here (the proxy does not cover /api); a run of
 * another workspace is 404.
 */
export async function GET(_request: NextRequest, { params }: { params: Promise<{ runId: string }> }) {
  try {
    const { workspace } = await requireWorkspace({ role: "viewer" });
    const { runId } = ZRunParams.parse(await params);
    const run = await loadRunDetail({ workspaceId: workspace.id, runId });
    const body: TRunDetailResponse = { run, workspaceId: workspace.id };
    return NextResponse.json(body, { headers: NO_STORE });
  } catch (error) {
    return jsonError(error, "api/app/runs");
  }
}

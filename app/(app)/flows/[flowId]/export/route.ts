import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { jsonError, NO_STORE } from "@/app/api/app/json-error";
import { requireWorkspace } from "@/lib/auth/workspace-context";
import { exportFileName, exportFlow } from "@/lib/flows/flow-export";

export const dynamic = "force-dynamic";

const ZExportParams = z.object({ flowId: z.uuid("must be a flow id") });
const ZExportQuery = z.object({
  version: z.coerce.number().int().min(1, "must be a version number").optional(),
});

/**
 * Downloads a flow as a JSON document (the draft, or `?version=N`). Session cookie auth checked
 * here, any member may export what they can see; another workspace's flow is 404.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ flowId: string }> }) {
  try {
    const { workspace } = await requireWorkspace({ role: "viewer" });
    const { flowId } = ZExportParams.parse(await params);
    const { version } = ZExportQuery.parse({
      version: request.nextUrl.searchParams.get("version") ?? undefined,
    });
    const document = await exportFlow({ workspaceId: workspace.id, flowId, versionNumber: version });
    return new NextResponse(`${JSON.stringify(document, null, 2)}\n`, {
      headers: {
        ...NO_STORE,
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${exportFileName(document.flow.name, version)}"`,
      },
    });
  } catch (error) {
    return jsonError(error, "flows/export");
  }
}

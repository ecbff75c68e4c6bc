import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FlowEditor } from "@/components/flow-editor/flow-editor";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { ZFlowGraph } from "@/lib/flows/graph-schema";
import { loadEditorReferences } from "@/lib/flows/load-editor-references";
import { MESSAGE_METRIC_TRIGGER_REFUSAL } from "@/lib/flows/publish-flow";
import { isUuid } from "@/lib/ids/uuid-v7";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "Flow editor" };

export default async function FlowEditorPage({ params }: { params: Promise<{ flowId: string }> }) {
  const { workspace, role } = await requirePageWorkspace();
  const { flowId } = await params;
  if (!isUuid(flowId)) notFound();
  const flow = await prisma.flow.findFirst({
    where: { id: flowId, workspaceId: workspace.id },
    select: {
      id: true,
      name: true,
      status: true,
      draftGraph: true,
      draftRevision: true,
      liveVersion: { select: { number: true } },
    },
  });
  if (!flow) notFound();
  // Drafts are only ever written through ZFlowGraph, so this parses; defaults fill older drafts.
  const graph = ZFlowGraph.parse(flow.draftGraph);
  const references = await loadEditorReferences({ workspaceId: workspace.id });
  return (
    // Keyed by flow only: a server refresh (after a rename) must not remount the editor and drop
    // unsaved local changes or the undo history; the editor owns the draft once loaded.
    <FlowEditor
      key={flow.id}
      flow={{
        id: flow.id,
        name: flow.name,
        status: flow.status,
        liveVersionNumber: flow.liveVersion?.number ?? null,
        draftRevision: flow.draftRevision,
        graph,
      }}
      references={{ ...references, messageMetricRefusal: MESSAGE_METRIC_TRIGGER_REFUSAL }}
      isReadOnly={!hasRole(role, "editor")}
    />
  );
}

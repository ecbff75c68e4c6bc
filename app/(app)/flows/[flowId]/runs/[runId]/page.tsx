import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadRunDetail } from "@/app/api/app/runs/load-run-detail";
import { Breadcrumbs } from "@/components/app-shell/breadcrumbs";
import { Page } from "@/components/app-shell/page-header";
import { hasRole } from "@/lib/auth/roles";
import { HookflowError } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";
import { requirePageWorkspace } from "../../../../_lib/page-context";
import { RunView } from "../../_components/run-view";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ flowId: string; runId: string }> }) {
  const { workspace, role } = await requirePageWorkspace();
  const { flowId, runId } = await params;
  if (!isUuid(flowId) || !isUuid(runId)) notFound();
  const run = await loadRunDetail({ workspaceId: workspace.id, runId }).catch((error: unknown) => {
    if (error instanceof HookflowError && error.code === "not_found") return null;
    throw error;
  });
  // A run reached through another flow's URL is not found there either.
  if (!run || run.flow.id !== flowId) notFound();

  return (
    <Page>
      <Breadcrumbs
        items={[
          { label: "Flows", href: "/flows" },
          { label: run.flow.name, href: `/flows/${run.flow.id}/runs` },
          { label: "Run" },
        ]}
      />
      <h1 className="mb-4 text-xl font-semibold tracking-tight text-zinc-900">
        Run of {run.flow.name} for {run.profile.label}
      </h1>
      <RunView key={run.id} initial={run} workspaceId={workspace.id} canEdit={hasRole(role, "editor")} />
    </Page>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { FlowRowActions } from "@/components/flow-editor/flow-row-actions";
import { FlowSearch } from "@/components/flow-editor/flow-search";
import { ImportFlowDialog } from "@/components/flow-editor/import-dialog";
import { NewFlowMenu } from "@/components/flow-editor/new-flow-menu";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconFlows } from "@/components/ui/icons";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { hasRole } from "@/lib/auth/roles";
import { listFlows, MAX_FLOW_SEARCH, RECENT_RUN_DAYS } from "@/lib/flows/list-flows";
import { requirePageWorkspace } from "../_lib/page-context";
import { FlowStatusBadge } from "./[flowId]/_components/status-badges";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { workspace, role } = await requirePageWorkspace();
  const canEdit = hasRole(role, "editor");
  const { q } = await searchParams;
  const search = typeof q === "string" ? q.trim().slice(0, MAX_FLOW_SEARCH) : "";
  const flows = await listFlows({ workspaceId: workspace.id, search });

  return (
    <Page>
      <PageHeader
        title="Flows"
        description="Automations that start from a trigger and send webhooks or run code for each profile."
        actions={
          canEdit ? (
            <div className="flex items-center gap-2">
              <ImportFlowDialog />
              <NewFlowMenu />
            </div>
          ) : null
        }
      />
      <Card>
        <CardHeader
          title="All flows"
          description={`Runs counted over the last ${RECENT_RUN_DAYS} days.`}
          actions={<FlowSearch initial={search} />}
        />
        {flows.length === 0 ? (
          search ? (
            <EmptyState
              icon={<IconFlows className="size-5" />}
              title={`No flow name contains “${search}”`}
              description="Search looks at flow names. Clear the search to see every flow."
            />
          ) : (
            <EmptyState
              icon={<IconFlows className="size-5" />}
              title="No flows yet"
              description={
                canEdit
                  ? "Create one with New flow (blank, or from a template), or import an exported flow."
                  : "Flows appear here once an editor creates them."
              }
            />
          )
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Status</TH>
                <TH>Trigger</TH>
                <TH>Version</TH>
                <TH className="text-right">Runs ({RECENT_RUN_DAYS} days)</TH>
                <TH>Last edited</TH>
                <TH className="w-0">
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {flows.map((flow) => (
                <TR key={flow.id} data-testid="flow-row" data-flow-id={flow.id}>
                  <TD>
                    <Link
                      href={`/flows/${flow.id}/runs`}
                      className="font-medium text-zinc-900 hover:text-accent-700 hover:underline"
                    >
                      {flow.name}
                    </Link>
                  </TD>
                  <TD>
                    <FlowStatusBadge status={flow.status} />
                  </TD>
                  <TD className="max-w-64 truncate text-zinc-700" data-testid="flow-trigger">
                    {flow.triggerSummary}
                  </TD>
                  <TD>{flow.liveVersionNumber ? `v${flow.liveVersionNumber}` : "Not published"}</TD>
                  <TD className="text-right tabular-nums" data-testid="flow-recent-runs">
                    {flow.recentRuns.toLocaleString("en-US")}
                  </TD>
                  <TD className="whitespace-nowrap" data-testid="flow-last-edited">
                    <RelativeTime value={flow.updatedAt} />
                    {flow.updatedBy ? <span className="text-zinc-500"> by {flow.updatedBy}</span> : null}
                  </TD>
                  {/* No nowrap on the cell: the row menu's dialogs render inside it and must wrap. */}
                  <TD>
                    <div className="flex items-center justify-end gap-1">
                      <Link
                        href={`/flows/${flow.id}`}
                        className="mr-1 text-[13px] font-medium text-accent-700 hover:underline"
                        data-testid="flow-edit-link"
                      >
                        {canEdit ? "Edit" : "View"}
                      </Link>
                      <FlowRowActions flowId={flow.id} name={flow.name} canEdit={canEdit} />
                    </div>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </Page>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { FlowRowActions } from "@/components/flow-editor/flow-row-actions";
import { NewFlowMenu } from "@/components/flow-editor/new-flow-menu";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconFlows } from "@/components/ui/icons";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { hasRole } from "@/lib/auth/roles";
import { FLOW_SUMMARY_RECENT_DAYS, listFlowSummaries } from "@/lib/engine/run-actions/list-flow-summaries";
import { requirePageWorkspace } from "../_lib/page-context";
import { triggerLabel } from "./[flowId]/_components/labels";
import { FlowStatusBadge } from "./[flowId]/_components/status-badges";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  const { workspace, role } = await requirePageWorkspace();
  const canEdit = hasRole(role, "editor");
  const flows = await listFlowSummaries({ workspaceId: workspace.id });

  return (
    <Page>
      <PageHeader
        title="Flows"
        description="Automations that start from a trigger and send webhooks or run code for each profile."
        actions={canEdit ? <NewFlowMenu /> : null}
      />
      <Card>
        <CardHeader
          title="All flows"
          description={`Runs counted over the last ${FLOW_SUMMARY_RECENT_DAYS} days.`}
        />
        {flows.length === 0 ? (
          <EmptyState
            icon={<IconFlows className="size-5" />}
            title="No flows yet"
            description={
              canEdit
                ? "Create one with New flow: blank, or from a template."
                : "Flows appear here once an editor creates them."
            }
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Status</TH>
                <TH>Trigger</TH>
                <TH>Version</TH>
                <TH className="text-right">Runs ({FLOW_SUMMARY_RECENT_DAYS} days)</TH>
                <TH>Updated</TH>
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
                  <TD>{triggerLabel(flow.triggerType)}</TD>
                  <TD>{flow.liveVersionNumber ? `v${flow.liveVersionNumber}` : "Not published"}</TD>
                  <TD className="text-right tabular-nums" data-testid="flow-recent-runs">
                    {flow.recentRuns.toLocaleString("en-US")}
                  </TD>
                  <TD className="whitespace-nowrap">
                    <RelativeTime value={flow.updatedAt} />
                  </TD>
                  <TD className="whitespace-nowrap text-right">
                    <Link
                      href={`/flows/${flow.id}`}
                      className="mr-1 text-[13px] font-medium text-accent-700 hover:underline"
                      data-testid="flow-edit-link"
                    >
                      {canEdit ? "Edit" : "View"}
                    </Link>
                    {canEdit ? <FlowRowActions flowId={flow.id} name={flow.name} /> : null}
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

import type { Metadata } from "next";
import Link from "next/link";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconFlows } from "@/components/ui/icons";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/time";
import { FLOW_SUMMARY_RECENT_DAYS, listFlowSummaries } from "@/lib/engine/run-actions/list-flow-summaries";
import { requirePageWorkspace } from "../_lib/page-context";
import { triggerLabel } from "./[flowId]/_components/labels";
import { FlowStatusBadge } from "./[flowId]/_components/status-badges";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  const { workspace } = await requirePageWorkspace();
  const flows = await listFlowSummaries({ workspaceId: workspace.id });

  return (
    <Page>
      <PageHeader
        title="Flows"
        description="Automations that start from a trigger and send webhooks or run code for each profile."
      />
      <p
        className="mb-4 rounded-md border border-zinc-200 bg-white px-3 py-2 text-[13px] text-zinc-600"
        data-testid="builder-note"
      >
        Creating and editing flows comes with the flow builder. Here you follow each flow's runs: open a flow
        to see its runs, review waiting profiles, replay failures or test it with a profile.
      </p>
      <Card>
        <CardHeader
          title="All flows"
          description={`Runs counted over the last ${FLOW_SUMMARY_RECENT_DAYS} days.`}
        />
        {flows.length === 0 ? (
          <EmptyState
            icon={<IconFlows className="size-5" />}
            title="No flows yet"
            description="Flows appear here once they are created; the flow builder is how you will create them."
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
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </Page>
  );
}

import type { Metadata } from "next";
import { ComingSoon } from "@/components/app-shell/coming-soon";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { IconFlows } from "@/components/ui/icons";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  await requirePageWorkspace();
  return (
    <Page>
      <PageHeader
        title="Flows"
        description="Automations that start from a trigger and send webhooks or run code for each profile."
      />
      <ComingSoon
        icon={<IconFlows className="size-5" />}
        title="The flow builder arrives with the flow engine"
        what="A canvas on which a trigger is wired to actions, saved in PostgreSQL and run by a durable engine."
        points={[
          "Triggers: a profile joins a list or a segment, a date property comes round (a birthday, every year, in the profile's time zone), or a metric such as Placed Order. Message events (Opened Email, Clicked Email…) cannot trigger a flow.",
          "Actions: flow webhooks (one signed POST with a payload template of event and profile data, retried on 429 and 5xx), code nodes, delays and splits.",
          "Draft, manual and live states; published versions are immutable, with diff and rollback; each run is pinned to its version and every step is logged.",
        ]}
      />
    </Page>
  );
}

import type { Metadata } from "next";
import { ComingSoon } from "@/components/app-shell/coming-soon";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { IconSegments } from "@/components/ui/icons";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage() {
  await requirePageWorkspace();
  return (
    <Page>
      <PageHeader
        title="Segments"
        description="Audiences defined by conditions, kept up to date as data arrives."
      />
      <ComingSoon
        icon={<IconSegments className="size-5" />}
        title="The segment builder arrives with the audience tools"
        what="Dynamic membership: a profile is in the segment while it meets the conditions."
        points={[
          "Conditions on profile properties (e.g. Country is DE), on event counts in a time window, and on list membership.",
          "Membership recomputed as profiles and events arrive; joining a segment can trigger a flow.",
        ]}
      />
    </Page>
  );
}

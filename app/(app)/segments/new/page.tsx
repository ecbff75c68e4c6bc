import type { Metadata } from "next";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { NEW_SEGMENT_DEFINITION } from "@/lib/audience/segment-definition";
import { loadSegmentBuilderOptions } from "@/lib/audience/segments/load-builder-options";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "New segment" };

export default async function NewSegmentPage() {
  const { workspace } = await requirePageWorkspace();
  const options = await loadSegmentBuilderOptions({ workspaceId: workspace.id });
  return (
    <Page>
      <PageHeader
        title="New segment"
        description="Profiles join while they match, and leave when they stop matching."
      />
      <SegmentBuilder
        segmentId={null}
        initialName=""
        initialDefinition={NEW_SEGMENT_DEFINITION}
        options={options}
      />
    </Page>
  );
}

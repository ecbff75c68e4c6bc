import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { SegmentBuilder } from "@/components/segments/segment-builder";
import { NEW_SEGMENT_DEFINITION } from "@/lib/audience/segment-definition";
import { loadSegmentBuilderOptions } from "@/lib/audience/segments/load-builder-options";
import { getSegmentOrThrow } from "@/lib/audience/segments/segment-queries";
import { HookflowError } from "@/lib/errors";
import { requirePageWorkspace } from "../../../_lib/page-context";

export const metadata: Metadata = { title: "Edit segment" };

export default async function EditSegmentPage({ params }: { params: Promise<{ segmentId: string }> }) {
  const { segmentId } = await params;
  const { workspace } = await requirePageWorkspace();
  const segment = await getSegmentOrThrow({ workspaceId: workspace.id, segmentId }).catch((error) => {
    if (error instanceof HookflowError && error.code === "not_found") notFound();
    throw error;
  });
  const options = await loadSegmentBuilderOptions({ workspaceId: workspace.id });
  return (
    <Page>
      <PageHeader title={`Edit “${segment.name}”`} description="Saving recomputes the membership." />
      <SegmentBuilder
        segmentId={segment.id}
        initialName={segment.name}
        initialDefinition={segment.loaded?.definition ?? NEW_SEGMENT_DEFINITION}
        options={options}
      />
    </Page>
  );
}

import type { Metadata } from "next";
import { Breadcrumbs } from "@/components/app-shell/breadcrumbs";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { isEditorTab } from "@/components/code/editor-tab-ids";
import { FunctionEditor } from "@/components/code/function-editor";
import { FunctionRowActions } from "@/components/code/function-row-actions";
import { toInvocationView } from "@/components/code/to-invocation-view";
import { ReadOnlyNote } from "@/components/settings/read-only-note";
import { hasRole } from "@/lib/auth/roles";
import { requirePageWorkspace } from "../../_lib/page-context";
import { loadFunctionPage, profileLabel } from "../_lib/load-function-page";

export const metadata: Metadata = { title: "Code function" };

type TSearchParams = Record<string, string | string[] | undefined>;

const TRIGGER_LABELS: Record<string, string> = { flow: "Flow", test: "Test run", event: "Event" };

export default async function CodeFunctionPage({
  params,
  searchParams,
}: {
  params: Promise<{ functionId: string }>;
  searchParams: Promise<TSearchParams>;
}) {
  const { workspace, role } = await requirePageWorkspace();
  const { functionId } = await params;
  const query = await searchParams;
  const invocationId = typeof query.invocation === "string" ? query.invocation : null;
  const canEdit = hasRole(role, "editor");
  const data = await loadFunctionPage({ workspaceId: workspace.id, functionId, invocationId });
  const { fn } = data;
  const tab = isEditorTab(query.tab) ? query.tab : invocationId ? "logs" : "code";

  return (
    <Page>
      <Breadcrumbs items={[{ label: "Code", href: "/code" }, { label: fn.name }]} />
      <PageHeader
        title={fn.name}
        description={
          fn.topics.length > 0
            ? `Runs on ${fn.topics.map((topic) => topic.name).join(", ")} once deployed, and wherever a flow's code node uses it.`
            : "Not subscribed to any metric: runs where a flow's code node uses it."
        }
        actions={
          canEdit ? <FunctionRowActions functionId={fn.id} name={fn.name} afterDelete="/code" /> : null
        }
      />
      {canEdit ? null : (
        <ReadOnlyNote>
          You are a viewer here: editors, admins and owners change, test and deploy functions.
        </ReadOnlyNote>
      )}
      <FunctionEditor
        key={fn.id}
        canEdit={canEdit}
        initialTab={tab}
        fn={{
          id: fn.id,
          name: fn.name,
          language: fn.language,
          status: fn.status,
          draftSource: fn.draftSource,
          settings: fn.settings,
          deployedVersionNumber: fn.deployedVersion?.number ?? null,
          hasUndeployedChanges: fn.hasUndeployedChanges,
          topicIds: fn.topics.map((topic) => topic.metricId),
          secrets: fn.secrets.map((secret) => ({
            name: secret.name,
            masked: secret.masked,
            updatedAt: secret.updatedAt.toISOString(),
          })),
          versions: fn.versions.flatMap((version) => {
            const source = data.versionSources.get(version.id);
            if (source === undefined) return [];
            return [
              {
                id: version.id,
                number: version.number,
                createdAt: version.createdAt.toISOString(),
                createdBy: version.createdById ? (data.creatorNames.get(version.createdById) ?? null) : null,
                isLive: version.isDeployed,
                source,
              },
            ];
          }),
        }}
        metrics={data.metrics.map((metric) => ({
          id: metric.metricId,
          name: metric.name,
          isMessageMetric: metric.isMessageMetric,
          refusal: metric.refusal,
        }))}
        recentEvents={data.recentEvents.map((event) => ({
          id: event.id,
          metricName: event.metricName,
          time: event.time.toISOString(),
          profileLabel: event.profileEmail,
          properties: event.properties,
        }))}
        profiles={data.recentProfiles.map((profile) => ({ id: profile.id, label: profileLabel(profile) }))}
        invocations={data.invocations.map((invocation) => {
          const profile = invocation.profileId ? data.profilesById.get(invocation.profileId) : undefined;
          return {
            id: invocation.id,
            status: invocation.status,
            createdAt: invocation.createdAt.toISOString(),
            durationMs: invocation.durationMs,
            versionNumber: invocation.versionNumber,
            runId: invocation.runId,
            flowId: invocation.runId ? (data.flowIdByRun.get(invocation.runId) ?? null) : null,
            profile: invocation.profileId
              ? { id: invocation.profileId, label: profile ? profileLabel(profile) : invocation.profileId }
              : null,
            trigger:
              invocation.trigger === "event"
                ? (invocation.metricName ?? "Event")
                : (TRIGGER_LABELS[invocation.trigger] ?? invocation.trigger),
            isTest: invocation.isTest,
            errorMessage: invocation.errorMessage,
          };
        })}
        selectedInvocation={
          data.selectedInvocation
            ? { id: data.selectedInvocation.id, view: toInvocationView(data.selectedInvocation) }
            : null
        }
      />
    </Page>
  );
}

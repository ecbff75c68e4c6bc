import type { Metadata } from "next";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { FunctionsTable } from "@/components/code/functions-table";
import { NewFunctionDialog } from "@/components/code/new-function-dialog";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconCode } from "@/components/ui/icons";
import { hasRole } from "@/lib/auth/roles";
import { listCodeFunctions } from "@/lib/code/functions/queries";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Code" };

export default async function CodePage() {
  const { workspace, role } = await requirePageWorkspace();
  const canEdit = hasRole(role, "editor");
  const functions = await listCodeFunctions({ workspaceId: workspace.id });

  return (
    <Page>
      <PageHeader
        title="Code"
        description="JavaScript and Python functions that run on events or in flows, call any API and write results back to profiles — in a sandbox with time and memory limits."
        actions={canEdit ? <NewFunctionDialog /> : null}
      />
      <Card>
        <CardHeader
          title="Functions"
          description="Subscribed to metrics (any but Opened Email and Received Email), or used by code nodes in flows."
        />
        {functions.length === 0 ? (
          <EmptyState
            icon={<IconCode className="size-5" />}
            title="No functions yet"
            description={
              canEdit
                ? "Create one with New function: start from the template that saves each Placed Order's customer_locale on the profile."
                : "Functions appear here once an editor creates them."
            }
          />
        ) : (
          <FunctionsTable
            canEdit={canEdit}
            statsWindowLabel="24 h"
            functions={functions.map((fn) => ({
              id: fn.id,
              name: fn.name,
              language: fn.language,
              status: fn.status,
              deployedVersionNumber: fn.deployedVersionNumber,
              topics: fn.topics.map((topic) => topic.name),
              lastRunAt: fn.lastRunAt?.toISOString() ?? null,
              errorRate: fn.errorRate24h,
              invocationCount: fn.invocations24h,
              updatedAt: fn.updatedAt.toISOString(),
            }))}
          />
        )}
      </Card>
    </Page>
  );
}

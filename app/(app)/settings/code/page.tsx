import type { Metadata } from "next";
import { CodeLimitsForm } from "@/components/settings/code-limits-form";
import { ReadOnlyNote } from "@/components/settings/read-only-note";
import { Card, CardHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { CODE_LIMIT_MAXIMA } from "@/lib/code/functions/settings-schema";
import { getWorkspaceCodeLimits } from "@/lib/code/functions/workspace-code-limits";
import { DEFAULT_LIMITS } from "@/lib/code/runtime/types";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "Code limits" };

export default async function CodeLimitsPage() {
  const { workspace, role } = await requirePageWorkspace();
  const canEdit = hasRole(role, "admin");
  const limits = await getWorkspaceCodeLimits(workspace.id);
  return (
    <>
      {canEdit ? null : (
        <ReadOnlyNote>{"Only admins and owners change the workspace's code limits."}</ReadOnlyNote>
      )}
      <Card>
        <CardHeader
          title="Code limits"
          description={`The most any code function of this workspace may use per invocation. Each function sets its own limits (by default ${DEFAULT_LIMITS.cpuMs / 1000} s and ${DEFAULT_LIMITS.memoryMb} MB) and runs with the lower of its own and these.`}
        />
        <CodeLimitsForm limits={limits} maxima={{ ...CODE_LIMIT_MAXIMA }} canEdit={canEdit} />
      </Card>
    </>
  );
}

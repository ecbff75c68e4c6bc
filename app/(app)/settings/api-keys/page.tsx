import type { Metadata } from "next";
import { ApiKeysTable } from "@/components/settings/api-keys-table";
import { CreateApiKeyDialog } from "@/components/settings/create-api-key-dialog";
import { ReadOnlyNote } from "@/components/settings/read-only-note";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { IconKey } from "@/components/ui/icons";
import { listApiKeys } from "@/lib/api-keys/manage-api-keys";
import { hasRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db/prisma";
import { requirePageWorkspace } from "../../_lib/page-context";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { workspace, role } = await requirePageWorkspace();
  const canManage = hasRole(role, "admin");
  const keys = await listApiKeys({ workspaceId: workspace.id }, prisma);

  return (
    <>
      {canManage ? null : (
        <ReadOnlyNote>{`You are ${role === "editor" ? "an editor" : "a viewer"} here: only admins and owners create and revoke API keys.`}</ReadOnlyNote>
      )}
      <Card>
        <CardHeader
          title="API keys"
          description="Private keys for the Klaviyo-compatible API (Authorization: Klaviyo-API-Key …). A key is shown once, when it is created."
          actions={canManage ? <CreateApiKeyDialog /> : null}
        />
        {keys.length === 0 ? (
          <EmptyState
            icon={<IconKey className="size-5" />}
            title="No API keys yet"
            description={
              canManage
                ? "Create a key to send events from your store, backend or an existing Klaviyo integration."
                : "An admin or owner can create one."
            }
          />
        ) : (
          <ApiKeysTable
            canManage={canManage}
            keys={keys.map((key) => ({
              id: key.id,
              name: key.name,
              prefix: key.prefix,
              scope: key.scope,
              createdAt: key.createdAt.toISOString(),
              lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
              revokedAt: key.revokedAt?.toISOString() ?? null,
            }))}
          />
        )}
      </Card>
    </>
  );
}

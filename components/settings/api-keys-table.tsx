"use client";

import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { AbsoluteTime, RelativeTime } from "@/components/ui/time";
import { revokeApiKeyAction } from "@/lib/actions/api-key-actions";

export type TApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scope: "full" | "ingest";
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export function ApiKeysTable({ keys, canManage }: { keys: TApiKeyRow[]; canManage: boolean }) {
  return (
    <Table>
      <THead>
        <tr>
          <TH>Name</TH>
          <TH>Key</TH>
          <TH>Scope</TH>
          <TH>Created</TH>
          <TH>Last used</TH>
          <TH>Status</TH>
          {canManage ? (
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          ) : null}
        </tr>
      </THead>
      <TBody>
        {keys.map((key) => (
          <TR key={key.id} data-testid="api-key-row" className={key.revokedAt ? "text-zinc-400" : undefined}>
            <TD className={key.revokedAt ? "text-zinc-400" : "font-medium text-zinc-900"}>{key.name}</TD>
            <TD>
              <code className="font-mono text-xs">{key.prefix}…</code>
            </TD>
            <TD>
              <Badge tone={key.scope === "full" ? "accent" : "neutral"}>
                {key.scope === "full" ? "Full" : "Ingest"}
              </Badge>
            </TD>
            <TD className="whitespace-nowrap">
              <AbsoluteTime value={key.createdAt} dateOnly />
            </TD>
            <TD className="whitespace-nowrap">
              {key.lastUsedAt ? <RelativeTime value={key.lastUsedAt} /> : "Never"}
            </TD>
            <TD className="whitespace-nowrap">
              {key.revokedAt ? (
                <Badge tone="red">
                  Revoked <AbsoluteTime value={key.revokedAt} dateOnly />
                </Badge>
              ) : (
                <Badge tone="green">Active</Badge>
              )}
            </TD>
            {canManage ? (
              <TD className="text-right">
                {key.revokedAt ? null : (
                  <ConfirmButton
                    label="Revoke"
                    accessibleLabel={`Revoke ${key.name}`}
                    title={`Revoke “${key.name}”?`}
                    description="Requests with this key are refused within a few seconds. This cannot be undone; create a new key to replace it."
                    confirmLabel="Revoke key"
                    onConfirm={() => revokeApiKeyAction({ apiKeyId: key.id })}
                  />
                )}
              </TD>
            ) : null}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

import { joinProfilesToList } from "@/lib/audience/list-members";
import { loadProfileIdentities } from "@/lib/audience/load-profile-identities";
import {
  resolveProfiles,
  type TProfileConflict,
  type TProfileRequest,
} from "@/lib/audience/resolve-profiles";
import { upsertProfiles } from "@/lib/audience/upsert-profiles";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";

// One batch of a CSV import, in one transaction: rows whose identifiers belong to two different
// stored profiles are set aside (the writer would update one and silently leave the other's
// identifier where it is), the rest are upserted through the API's writer and joined to the list
// through the one join path (flows start once per join, segments re-evaluate). One transaction
// instead of two also means a batch's profiles are never left created but not joined.

export type TImportRow = { line: number; fields: string[]; request: TProfileRequest };
export type TBatchResult = {
  created: number;
  updated: number;
  joined: number;
  skipped: { line: number; reason: string; fields: string[] }[];
};

const LABELS: Record<TProfileConflict["field"], string> = {
  email: "email",
  phone_number: "phone number",
  external_id: "external id",
};

export async function writeImportBatch(options: {
  workspaceId: string;
  listId: string;
  rows: readonly TImportRow[];
}): Promise<TBatchResult> {
  return withPgTransaction(async (tx) => {
    const result: TBatchResult = { created: 0, updated: 0, joined: 0, skipped: [] };
    // Resolved in memory first (no write): dropping a row can change how later rows resolve, so
    // repeat until no conflict is left (each pass removes at least one row).
    const stored = await loadProfileIdentities(
      tx,
      options.rows.map((row) => row.request),
    );
    let rows = [...options.rows];
    for (;;) {
      const conflicts = resolveProfiles(
        rows.map((row) => row.request),
        stored,
      ).conflicts;
      if (conflicts.size === 0) break;
      rows = rows.filter((row, index) => {
        const conflict = conflicts.get(index)?.[0];
        if (!conflict) return true;
        result.skipped.push({
          line: row.line,
          reason: `Its ${LABELS[conflict.field]} belongs to another profile than its other identifiers`,
          fields: row.fields,
        });
        return false;
      });
    }
    const plan = await upsertProfiles(
      tx,
      rows.map((row) => row.request),
    );
    const profileIds = new Set<string>();
    rows.forEach((row, index) => {
      const profileId = plan.profileIds[index];
      const failure = plan.failures.get(index);
      if (failure || !profileId) {
        result.skipped.push({
          line: row.line,
          reason: failure?.message ?? "Not imported",
          fields: row.fields,
        });
        return;
      }
      if (plan.createdBy[index]) result.created++;
      else result.updated++;
      profileIds.add(profileId);
    });
    const joins = await joinProfilesToList(tx, {
      workspaceId: options.workspaceId,
      listId: options.listId,
      profileIds: [...profileIds],
    });
    result.joined = joins.length;
    result.skipped.sort((a, b) => a.line - b.line);
    return result;
  });
}

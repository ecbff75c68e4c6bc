import type pg from "pg";
import { findUnstorableText, pointerToPath } from "@/lib/api/find-json-path";
import {
  segmentDependencies,
  type TSegmentDefinition,
  ZSegmentDefinition,
} from "@/lib/audience/segment-definition";
import {
  recomputeSegmentInTransaction,
  type TRecomputeResult,
} from "@/lib/audience/segments/recompute-segment";
import { assertNoSegmentCycle, parseSegments } from "@/lib/audience/segments/segment-graph";
import { invalid, notFound } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { type TPgTx, withPgTransaction } from "@/lib/ingestion/pg-transaction";

const SAVE_BEGIN_SQL = "set local statement_timeout = 120000; set local work_mem = '128MB'";

/** Every list and metric the definition names must be the workspace's own (field error otherwise). */
async function assertReferencesExist(tx: TPgTx, workspaceId: string, definition: TSegmentDefinition) {
  const dependencies = segmentDependencies(definition);
  const found = await tx.query<{ id: string }>(
    `select id from lists where workspace_id = $1 and id = any($2::uuid[])
     union all select id from metrics where workspace_id = $1 and id = any($3::uuid[])`,
    [workspaceId, [...dependencies.listIds], [...dependencies.metricIds]],
  );
  const known = new Set(found.rows.map((row) => row.id));
  definition.groups.forEach((group, groupIndex) => {
    group.conditions.forEach((condition, conditionIndex) => {
      const pointer = `definition.groups.${groupIndex}.conditions.${conditionIndex}`;
      if (condition.kind === "list-membership" && !known.has(condition.listId)) {
        throw invalid("That list does not exist in this workspace", `${pointer}.listId`);
      }
      if (condition.kind === "event-count" && !known.has(condition.metricId)) {
        throw invalid("That metric does not exist in this workspace", `${pointer}.metricId`);
      }
    });
  });
}

/**
 * Creates a segment (segmentId null) or replaces its definition, and computes its membership, in
 * ONE transaction: a saved definition always has the members it defines, and the joins start
 * the segment-triggered flows. The workspace's segments are locked first, so two saves that would
 * together make a cycle (A uses B, B uses A) cannot both pass the check.
 */
export async function saveSegment(options: {
  workspaceId: string;
  segmentId: string | null;
  name?: string;
  definition: unknown;
  database?: pg.Pool;
  now?: Date;
}): Promise<{ id: string; result: TRecomputeResult }> {
  const definition = ZSegmentDefinition.parse(options.definition);
  // Text PostgreSQL cannot store (NUL, unpaired surrogates) would fail the save as a 500.
  const unstorable = findUnstorableText(definition);
  if (unstorable !== null) {
    throw invalid(
      "Text may not contain the NUL character or unpaired UTF-16 surrogates",
      `definition.${pointerToPath(unstorable)}`,
    );
  }
  const now = options.now ?? new Date();
  return withPgTransaction(
    async (tx) => {
      const rows = await tx.query<{ id: string; workspace_id: string; name: string; definition: unknown }>(
        "select id, workspace_id, name, definition from segments where workspace_id = $1 order by id for update",
        [options.workspaceId],
      );
      if (options.segmentId && !rows.rows.some((row) => row.id === options.segmentId)) {
        throw notFound("The segment");
      }
      await assertReferencesExist(tx, options.workspaceId, definition);
      const others = parseSegments(rows.rows.filter((row) => row.id !== options.segmentId));
      assertNoSegmentCycle({
        segmentId: options.segmentId,
        definition,
        others: others.map((segment) => ({
          id: segment.id,
          name: segment.name,
          segmentIds: segment.dependencies.segmentIds,
        })),
      });
      const saved = options.segmentId
        ? await tx.query<{ id: string; name: string }>(
            `update segments set definition = $3::jsonb, name = coalesce($4, name), updated_at = now()
             where id = $1 and workspace_id = $2 returning id, name`,
            [options.segmentId, options.workspaceId, JSON.stringify(definition), options.name ?? null],
          )
        : await tx.query<{ id: string; name: string }>(
            `insert into segments (id, workspace_id, name, definition, updated_at)
             values ($4, $1, $2, $3::jsonb, now()) returning id, name`,
            [options.workspaceId, options.name ?? "Untitled segment", JSON.stringify(definition), uuidv7()],
          );
      const row = saved.rows[0]!;
      const result = await recomputeSegmentInTransaction(
        tx,
        {
          id: row.id,
          workspaceId: options.workspaceId,
          name: row.name,
          definition,
          dependencies: segmentDependencies(definition),
        },
        { now },
      );
      return { id: row.id, result };
    },
    { database: options.database, beginSql: SAVE_BEGIN_SQL },
  );
}

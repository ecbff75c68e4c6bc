import type pg from "pg";
import { type TSegmentDefinition, ZSegmentDefinition } from "@/lib/audience/segment-definition";
import { compileSegmentPredicate, SqlParams } from "@/lib/audience/segments/compile-segment-sql";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";

export type TSegmentPreview =
  | {
      status: "ok";
      /** Exact below SAMPLE_ABOVE profiles; above, counted on a ~SAMPLE_PERCENT% block sample and scaled. */
      estimatedSize: number;
      isEstimate: boolean;
      totalProfiles: number;
      samples: { id: string; email: string | null; firstName: string | null; lastName: string | null }[];
    }
  | { status: "timed_out"; timeoutMs: number };

const SAMPLE_ABOVE = 200_000;
const SAMPLE_PERCENT = 5;
export const PREVIEW_TIMEOUT_MS = 4000;

/**
 * The builder's live preview of an unsaved definition. Read-only and bounded by a statement
 * timeout, so a heavy definition on a large workspace answers "timed out" rather than holding a
 * connection: it never writes, never locks, never blocks ingestion.
 */
export async function previewSegment(options: {
  workspaceId: string;
  definition: TSegmentDefinition | unknown;
  now?: Date;
  timeoutMs?: number;
  database?: pg.Pool;
}): Promise<TSegmentPreview> {
  const definition = ZSegmentDefinition.parse(options.definition);
  const timeoutMs = options.timeoutMs ?? PREVIEW_TIMEOUT_MS;
  const now = options.now ?? new Date();
  try {
    return await withPgTransaction(
      async (tx) => {
        const total = await tx.query<{ n: number }>(
          "select count(*)::int as n from profiles where workspace_id = $1",
          [options.workspaceId],
        );
        const totalProfiles = total.rows[0]!.n;
        const isEstimate = totalProfiles > SAMPLE_ABOVE;
        const params = new SqlParams([options.workspaceId]);
        const predicate = compileSegmentPredicate(definition, {
          params,
          workspaceParam: "$1::uuid",
          now,
          strategy: "set",
        });
        const from = isEstimate ? `profiles p tablesample system (${SAMPLE_PERCENT})` : "profiles p";
        const counted = await tx.query<{ n: number; sampled: number }>(
          `select count(*) filter (where ${predicate})::int as n, count(*)::int as sampled
           from ${from} where p.workspace_id = $1::uuid`,
          params.values,
        );
        const { n, sampled } = counted.rows[0]!;
        const estimatedSize = isEstimate ? Math.round((n / Math.max(sampled, 1)) * totalProfiles) : n;
        const samples = await tx.query<{
          id: string;
          email: string | null;
          first_name: string | null;
          last_name: string | null;
        }>(
          `select p.id, p.email, p.first_name, p.last_name from profiles p
           where p.workspace_id = $1::uuid and ${predicate} limit 10`,
          params.values,
        );
        return {
          status: "ok" as const,
          estimatedSize,
          isEstimate,
          totalProfiles,
          samples: samples.rows.map((row) => ({
            id: row.id,
            email: row.email,
            firstName: row.first_name,
            lastName: row.last_name,
          })),
        };
      },
      {
        database: options.database,
        beginSql: `set transaction read only; set local statement_timeout = ${Math.round(timeoutMs)}; set local work_mem = '64MB'`,
      },
    );
  } catch (error) {
    if ((error as { code?: string }).code === "57014") return { status: "timed_out", timeoutMs };
    throw error;
  }
}

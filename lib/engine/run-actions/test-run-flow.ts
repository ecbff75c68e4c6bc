import { type Db, prisma } from "@/lib/db/prisma";
import { sqlClientOf } from "@/lib/db/sql-client";
import { loadVersionGraphs, type TEngineFlow, triggerOf } from "@/lib/engine/load-flows";
import { startRuns } from "@/lib/engine/start-runs";
import { HookflowError, invalid, notFound } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids/uuid-v7";
import { getFlowOrThrow } from "./get-flow-or-throw";
import { inTransaction } from "./in-transaction";

/**
 * Starts a test run of the flow for one profile, on its live version — or, when the flow is off,
 * on its latest version, so a flow can be tried before it is turned on. Test runs skip the
 * re-entry rule but not the flow filters; a manual flow's test run waits for review like any other.
 */
export async function testRunFlow(
  options: { workspaceId: string; flowId: string; profileId: string; now?: Date },
  db: Db = prisma,
): Promise<{ runId: string }> {
  return inTransaction(db, async (tx) => {
    const flow = await getFlowOrThrow(options, tx);
    const profile = await tx.profile.findFirst({
      where: { id: options.profileId, workspaceId: options.workspaceId },
      select: { id: true },
    });
    if (!profile) throw notFound("Profile");
    const versionId =
      (flow.status !== "draft" ? flow.liveVersionId : null) ??
      (
        await tx.flowVersion.findFirst({
          where: { flowId: flow.id, workspaceId: options.workspaceId },
          orderBy: { number: "desc" },
          select: { id: true },
        })
      )?.id;
    if (!versionId) throw invalid("Publish the flow first: it has no version to run");
    const sql = sqlClientOf(tx);
    const graph = (await loadVersionGraphs(sql, [versionId])).get(versionId);
    if (!graph) throw new Error(`Flow version ${versionId} was not found`);
    const engineFlow: TEngineFlow = {
      id: flow.id,
      workspaceId: flow.workspaceId,
      status: flow.status,
      versionId,
      graph,
      trigger: triggerOf(graph),
    };
    const result = await startRuns(
      sql,
      [
        {
          flow: engineFlow,
          profileId: profile.id,
          eventId: null,
          occurrenceKey: `test:${uuidv7()}`,
          isTest: true,
        },
      ],
      { now: options.now },
    );
    const started = result.started[0];
    if (!started) {
      throw new HookflowError(
        "invalid",
        "The profile does not match the flow's filters, so the flow would not run for it",
        { pointer: "profile" },
      );
    }
    return { runId: started.runId };
  });
}

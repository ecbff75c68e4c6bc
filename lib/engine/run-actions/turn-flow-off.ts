import { type Db, prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { cancelFlowRuns } from "./cancel-runs";
import { inTransaction } from "./in-transaction";

/**
 * Turns a flow off (status draft: triggers start no new runs). The live version is kept, so the
 * runs page still shows what ran and publishing again turns it back on. Runs in progress either
 * finish on their version or are cancelled, as the user chose.
 */
export async function turnFlowOff(
  options: {
    workspaceId: string;
    flowId: string;
    runningRuns: "finish" | "cancel";
    userId?: string | null;
    userLabel?: string;
    now?: Date;
  },
  db: Db = prisma,
): Promise<{ cancelled: number }> {
  return inTransaction(db, async (tx) => {
    // The flow row first, then its runs: publishFlow locks the flow row too, so a publish and a
    // turn-off of one flow happen one after the other.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      select id from flows where id = ${options.flowId}::uuid and workspace_id = ${options.workspaceId}::uuid
      for update`;
    if (locked.length === 0) throw notFound("Flow");
    await tx.flow.update({
      where: { id: options.flowId },
      data: { status: "draft", updatedById: options.userId ?? undefined },
    });
    if (options.runningRuns === "finish") return { cancelled: 0 };
    return cancelFlowRuns(options, tx);
  });
}

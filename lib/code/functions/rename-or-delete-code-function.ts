import { findCodeFunctionOrThrow } from "@/lib/code/functions/find-code-function-or-throw";
import { type Db, prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";

export async function renameCodeFunction(
  options: { workspaceId: string; functionId: string; name: string; userId: string | null },
  db: Db = prisma,
) {
  await findCodeFunctionOrThrow(options, db);
  return db.codeFunction.update({
    where: { id: options.functionId },
    data: { name: options.name, updatedById: options.userId },
  });
}

/**
 * Deletes a function with its versions, topics, variables and logs. Refused while a live or
 * manual flow's published version has a code node using it: those runs would fail at that node.
 */
export async function deleteCodeFunction(
  options: { workspaceId: string; functionId: string },
  db: Db = prisma,
): Promise<void> {
  await findCodeFunctionOrThrow(options, db);
  const users = await flowsUsingFunction(options, db);
  if (users.length > 0) {
    throw new HookflowError(
      "conflict",
      `This function is used by ${users.length === 1 ? "the flow" : "flows"} ${users.map((name) => `"${name}"`).join(", ")}: remove its code nodes (or turn the flow off) first`,
    );
  }
  await db.codeFunction.delete({ where: { id: options.functionId } });
}

/** Names of the live/manual flows whose published version has a code node using the function. */
export async function flowsUsingFunction(
  options: { workspaceId: string; functionId: string },
  db: Db = prisma,
): Promise<string[]> {
  const probe = JSON.stringify([{ type: "code", config: { functionId: options.functionId } }]);
  const rows = await db.$queryRaw<{ name: string }[]>`
    select f.name from flows f join flow_versions v on v.id = f.live_version_id
    where f.workspace_id = ${options.workspaceId}::uuid and f.status in ('live', 'manual')
      and v.graph->'nodes' @> ${probe}::jsonb
    order by f.name`;
  return rows.map((row) => row.name);
}

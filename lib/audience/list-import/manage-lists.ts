import { addProfilesToList, getListOrThrowForMembers } from "@/lib/audience/list-import/list-join";
import { toProfileChanges, ZEmail } from "@/lib/audience/profile-input";
import { upsertProfiles } from "@/lib/audience/upsert-profiles";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { withPgTransaction } from "@/lib/ingestion/pg-transaction";

/** Renames a list of the workspace (another workspace's list is "not found"). */
export async function renameList(options: { workspaceId: string; listId: string; name: string }) {
  const list = await getListOrThrowForMembers(options);
  return prisma.list.update({ where: { id: list.id }, data: { name: options.name } });
}

/** Deletes a list and its memberships (cascade). */
export async function deleteList(options: { workspaceId: string; listId: string }) {
  const list = await getListOrThrowForMembers(options);
  const deleted = await prisma.list.deleteMany({ where: { id: list.id, workspaceId: options.workspaceId } });
  if (deleted.count === 0) throw notFound(`List ${options.listId}`);
  return { id: list.id };
}

/**
 * Adds the profile with this email to a list, creating the profile when none has it. The join goes
 * through addProfilesToList, so list-triggered flows start once and segments re-evaluate.
 */
export async function addMemberByEmail(options: { workspaceId: string; listId: string; email: string }) {
  await getListOrThrowForMembers(options);
  const email = ZEmail.parse(options.email);
  const changes = toProfileChanges({ type: "profile", attributes: { email } });
  const { profileId, isCreated } = await withPgTransaction(async (tx) => {
    const plan = await upsertProfiles(tx, [{ workspaceId: options.workspaceId, changes, pointer: "/email" }]);
    const failure = plan.failures.get(0);
    if (failure) throw failure;
    return { profileId: plan.profileIds[0]!, isCreated: plan.createdBy[0]! };
  });
  const { added } = await addProfilesToList({
    workspaceId: options.workspaceId,
    listId: options.listId,
    document: { data: [{ type: "profile", id: profileId }] },
  });
  return { profileId, isCreated, added };
}

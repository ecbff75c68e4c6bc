"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { addMembersByEmails } from "@/lib/audience/list-import/add-members-by-emails";
import { removeProfilesFromList } from "@/lib/audience/list-import/list-join";
import { addMemberByEmail, deleteList, renameList } from "@/lib/audience/list-import/manage-lists";
import { createList } from "@/lib/audience/lists";

// The list pages' actions. Editors manage lists and their members; viewers only read. Every action
// re-checks session, workspace and role (workspaceAction) and passes the workspace id down: another
// workspace's list is "not found".

const ZName = z.string().trim().min(1, "A list needs a name").max(255, "At most 255 characters");
const ZListRef = z.object({ listId: z.uuid("Unknown list") });

export async function createListAction(input: unknown) {
  return workspaceAction({
    name: "createList",
    role: "editor",
    schema: z.object({ name: ZName }),
    input,
    run: async ({ name }, { workspace }) => {
      const list = await createList({
        workspaceId: workspace.id,
        document: { data: { type: "list", attributes: { name } } },
      });
      refresh();
      return { id: list.id };
    },
  });
}

export async function renameListAction(input: unknown) {
  return workspaceAction({
    name: "renameList",
    role: "editor",
    schema: ZListRef.extend({ name: ZName }),
    input,
    run: async ({ listId, name }, { workspace }) => {
      const list = await renameList({ workspaceId: workspace.id, listId, name });
      refresh();
      return { id: list.id, name: list.name };
    },
  });
}

export async function deleteListAction(input: unknown) {
  return workspaceAction({
    name: "deleteList",
    role: "editor",
    schema: ZListRef,
    input,
    run: async ({ listId }, { workspace }) => {
      const deleted = await deleteList({ workspaceId: workspace.id, listId });
      refresh();
      return deleted;
    },
  });
}

export async function addListMemberAction(input: unknown) {
  return workspaceAction({
    name: "addListMember",
    role: "editor",
    schema: ZListRef.extend({ email: z.string().trim().min(1, "Enter an email address") }),
    input,
    run: async ({ listId, email }, { workspace }) => {
      const result = await addMemberByEmail({ workspaceId: workspace.id, listId, email });
      refresh();
      return result;
    },
  });
}

export async function addListMembersAction(input: unknown) {
  return workspaceAction({
    name: "addListMembers",
    role: "editor",
    schema: ZListRef.extend({ emails: z.string().max(300_000, "Too much text: import a CSV instead") }),
    input,
    run: async ({ listId, emails }, { workspace }) => {
      const result = await addMembersByEmails({ workspaceId: workspace.id, listId, text: emails });
      refresh();
      return result;
    },
  });
}

export async function removeListMembersAction(input: unknown) {
  return workspaceAction({
    name: "removeListMembers",
    role: "editor",
    schema: ZListRef.extend({ profileIds: z.array(z.uuid()).min(1, "Select at least one member").max(1000) }),
    input,
    run: async ({ listId, profileIds }, { workspace }) => {
      const result = await removeProfilesFromList({
        workspaceId: workspace.id,
        listId,
        document: { data: profileIds.map((id) => ({ type: "profile", id })) },
      });
      refresh();
      return result;
    },
  });
}

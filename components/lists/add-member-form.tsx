"use client";

import { useState } from "react";
import { AddMembersPaste } from "@/components/lists/add-members-paste";
import { InlineActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import { addListMemberAction } from "@/lib/actions/list-actions";

/** Adds a profile by email (created when no profile has it), or several pasted at once. */
export function AddMemberForm({ listId }: { listId: string }) {
  return (
    <div className="flex flex-col gap-2">
      <AddOneMember listId={listId} />
      <AddMembersPaste listId={listId} />
    </div>
  );
}

function AddOneMember({ listId }: { listId: string }) {
  const action = useServerAction();
  const [email, setEmail] = useState("");
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        action.run(() => addListMemberAction({ listId, email }), {
          notice: (result) =>
            result.added === 0
              ? "Already a member"
              : result.isCreated
                ? "Profile created and added"
                : "Added to the list",
          onSuccess: () => setEmail(""),
        });
      }}
    >
      <input
        aria-label="Email to add"
        placeholder="email@example.com"
        className="h-8 w-64 rounded-md border border-zinc-300 px-2 text-sm"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <Button type="submit" size="sm" pending={action.pending}>
        Add member
      </Button>
      <InlineActionFeedback error={action.error} notice={action.notice} />
    </form>
  );
}

"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import { addListMembersAction } from "@/lib/actions/list-actions";
import type { TPastedEmailsResult } from "@/lib/audience/list-import/add-members-by-emails";

function summary(result: TPastedEmailsResult): string {
  const parts = [`Added ${result.added}`];
  if (result.created > 0) parts.push(`${result.created} new profile${result.created === 1 ? "" : "s"}`);
  if (result.alreadyMembers > 0) parts.push(`${result.alreadyMembers} already a member`);
  if (result.notAdded.length > 0) parts.push(`${result.notAdded.length} not added`);
  return parts.join(" · ");
}

/** Adds many profiles at once from pasted addresses (created when new), up to 1,000. */
export function AddMembersPaste({ listId }: { listId: string }) {
  const action = useServerAction();
  const [isOpen, setIsOpen] = useState(false);
  const [text, setText] = useState("");
  const [notAdded, setNotAdded] = useState<TPastedEmailsResult["notAdded"]>([]);
  if (!isOpen) {
    return (
      <div>
        <Button size="sm" variant="ghost" onClick={() => setIsOpen(true)}>
          Paste several addresses…
        </Button>
      </div>
    );
  }
  return (
    <form
      className="flex flex-col items-start gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        setNotAdded([]);
        action.run(() => addListMembersAction({ listId, emails: text }), {
          notice: summary,
          onSuccess: (result) => {
            setNotAdded(result.notAdded);
            setText(result.notAdded.map((entry) => entry.email).join("\n"));
          },
        });
      }}
    >
      <textarea
        aria-label="Email addresses to add"
        placeholder={"one@example.com\ntwo@example.com"}
        rows={5}
        className="w-96 rounded-md border border-zinc-300 px-2 py-1.5 text-sm"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <p className="text-xs text-zinc-500">
        One per line, or separated by commas. Up to 1,000; import a CSV for more.
      </p>
      <div className="flex items-center gap-2">
        <Button type="submit" size="sm" pending={action.pending}>
          Add all
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setIsOpen(false)}>
          Close
        </Button>
        {action.notice ? (
          <span className="text-[13px] text-zinc-600" role="status" data-testid="paste-summary">
            {action.notice}
          </span>
        ) : null}
      </div>
      {notAdded.length > 0 ? (
        <ul className="text-[13px] text-zinc-700" data-testid="paste-not-added">
          {notAdded.slice(0, 20).map((entry) => (
            <li key={entry.email}>
              {entry.email}: {entry.reason}
            </li>
          ))}
          {notAdded.length > 20 ? <li>… and {notAdded.length - 20} more (left in the box)</li> : null}
        </ul>
      ) : null}
      <FormError>{action.error}</FormError>
    </form>
  );
}

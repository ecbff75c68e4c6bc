"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A "Rename" button that turns into a name field and "Save name" in place (a list's or a segment's
 * page header). `onRename` runs the server action and calls `onDone` once it succeeded, so a
 * refused name stays in the field for the user to correct.
 */
export function InlineRename({
  name,
  pending,
  onRename,
}: {
  name: string;
  pending: boolean;
  onRename: (draftName: string, onDone: () => void) => void;
}) {
  const [isRenaming, setIsRenaming] = useState(false);
  const [draftName, setDraftName] = useState(name);
  if (!isRenaming)
    return (
      <Button size="sm" onClick={() => setIsRenaming(true)}>
        Rename
      </Button>
    );
  return (
    <form
      className="flex items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        onRename(draftName, () => setIsRenaming(false));
      }}
    >
      <input
        aria-label="New name"
        className="h-8 rounded-md border border-zinc-300 px-2 text-sm"
        value={draftName}
        onChange={(event) => setDraftName(event.target.value)}
      />
      <Button type="submit" size="sm" pending={pending}>
        Save name
      </Button>
    </form>
  );
}

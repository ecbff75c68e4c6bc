"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import { createListAction } from "@/lib/actions/list-actions";

/** "New list": a name, then the new list's page. */
export function CreateListForm() {
  const router = useRouter();
  const action = useServerAction();
  const [name, setName] = useState("");
  return (
    <form
      className="flex items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        action.run(() => createListAction({ name }), { onSuccess: ({ id }) => router.push(`/lists/${id}`) });
      }}
    >
      <input
        aria-label="New list name"
        placeholder="New list name"
        className="h-8 rounded-md border border-zinc-300 px-2 text-sm"
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <Button type="submit" size="sm" variant="primary" pending={action.pending}>
        Create list
      </Button>
      <FormError>{action.error}</FormError>
    </form>
  );
}

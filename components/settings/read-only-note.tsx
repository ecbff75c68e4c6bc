import { IconAlert } from "@/components/ui/icons";

export function ReadOnlyNote({ children }: { children: string }) {
  return (
    <p
      className="mb-4 flex items-center gap-2 rounded-md border border-zinc-200 bg-white px-3 py-2 text-[13px] text-zinc-600"
      data-testid="read-only-note"
    >
      <IconAlert className="text-zinc-400" />
      {children}
    </p>
  );
}

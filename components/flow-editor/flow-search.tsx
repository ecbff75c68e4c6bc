import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { CONTROL_CLASSES } from "@/components/ui/field";

/** Search the flows list by name: a plain GET form, so the server filters (and it works without JS). */
export function FlowSearch({ initial }: { initial: string }) {
  return (
    <form role="search" action="/flows" className="flex items-center gap-2">
      <label htmlFor="flow-search" className="sr-only">
        Search flows by name
      </label>
      <input
        id="flow-search"
        type="search"
        name="q"
        defaultValue={initial}
        placeholder="Search by name…"
        maxLength={200}
        className={cn(CONTROL_CLASSES, "h-8 w-56 border-zinc-300 focus-visible:outline-accent-500")}
      />
      {initial ? (
        <Link href="/flows" className="text-[13px] text-zinc-500 hover:text-zinc-900">
          Clear
        </Link>
      ) : null}
    </form>
  );
}

import Link from "next/link";

/**
 * Search the flows list by name: a plain GET form, so the server filters (and it works without JS).
 * A server component, so the control classes are spelled out (field.tsx is a client module).
 */
export function FlowSearch({ initial }: { initial: string }) {
  return (
    <search>
      <form action="/flows" className="flex items-center gap-2">
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
          className="block h-8 w-56 rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:outline-none focus-visible:outline-2 focus-visible:outline-accent-500"
        />
        {initial ? (
          <Link href="/flows" className="text-[13px] text-zinc-500 hover:text-zinc-900">
            Clear
          </Link>
        ) : null}
      </form>
    </search>
  );
}

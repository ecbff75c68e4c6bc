import type { TShellUser } from "@/components/app-shell/types";
import { IconSignOut } from "@/components/ui/icons";
import { signOutAction } from "@/lib/actions/auth-actions";

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts.at(-1)![0]}` : (parts[0]?.slice(0, 2) ?? "?");
  return letters.toUpperCase();
}

/**
 * Who is signed in, and signing out in one click (a plain form post to the server action, so it
 * works before hydration too). Profile and password settings will live here when they exist.
 */
export function UserMenu({ user }: { user: TShellUser }) {
  return (
    <div className="flex items-center gap-2 px-2 py-1.5" data-testid="user-menu">
      <span
        aria-hidden="true"
        className="flex size-6 shrink-0 items-center justify-center rounded-full bg-zinc-200 text-[10px] font-semibold text-zinc-700"
      >
        {initials(user.name)}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-[13px] font-medium text-zinc-800">{user.name}</span>
        <span className="block truncate text-[11px] text-zinc-500">{user.email}</span>
      </span>
      <form action={signOutAction}>
        <button
          type="submit"
          aria-label="Sign out"
          title="Sign out"
          className="rounded-md p-1.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700"
        >
          <IconSignOut />
        </button>
      </form>
    </div>
  );
}

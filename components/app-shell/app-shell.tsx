"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import { NavLinks } from "@/components/app-shell/nav-links";
import type { TShellProps } from "@/components/app-shell/types";
import { UserMenu } from "@/components/app-shell/user-menu";
import { WorkspaceSwitcher } from "@/components/app-shell/workspace-switcher";
import { HookflowMark, IconClose, IconMenu } from "@/components/ui/icons";

function SidebarContent({ shell }: { shell: TShellProps }) {
  return (
    <>
      <div className="border-b border-zinc-200 p-2">
        <WorkspaceSwitcher
          current={shell.current}
          workspaces={shell.workspaces}
          invitations={shell.invitations}
        />
      </div>
      <NavLinks />
      <div className="border-t border-zinc-200 p-2">
        <UserMenu user={shell.user} />
      </div>
    </>
  );
}

/** Left navigation on wide screens; a top bar with a slide-over navigation on narrow ones. */
export function AppShell({ shell, children }: { shell: TShellProps; children: ReactNode }) {
  const [mobileOpen, setMobileOpen] = useState(false);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the slide-over on every navigation
  useEffect(() => setMobileOpen(false), [pathname]);

  return (
    <div className="flex min-h-dvh">
      <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col border-r border-zinc-200 bg-white md:flex">
        <SidebarContent shell={shell} />
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-12 items-center gap-3 border-b border-zinc-200 bg-white px-3 md:hidden">
          <button
            type="button"
            aria-label="Open navigation"
            aria-expanded={mobileOpen}
            onClick={() => setMobileOpen(true)}
            className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100"
          >
            <IconMenu />
          </button>
          <Link href="/activity" className="flex items-center gap-2 font-semibold">
            <HookflowMark className="size-5" />
            {shell.current.name}
          </Link>
        </header>
        <main className="min-w-0 flex-1">{children}</main>
      </div>

      {/* Mounted only while open: a hidden copy of the navigation would duplicate every test id. */}
      {mobileOpen ? (
        <div className="fixed inset-0 z-40 md:hidden">
          <button
            type="button"
            tabIndex={-1}
            aria-hidden="true"
            onClick={() => setMobileOpen(false)}
            className="absolute inset-0 cursor-default bg-zinc-900/40"
          />
          <aside
            aria-label="Navigation"
            className="absolute inset-y-0 left-0 flex w-72 flex-col bg-white shadow-xl"
          >
            <button
              type="button"
              aria-label="Close navigation"
              onClick={() => setMobileOpen(false)}
              className="absolute top-3 left-full ml-2 rounded-md p-1.5 text-white hover:bg-white/10"
            >
              <IconClose />
            </button>
            <SidebarContent shell={shell} />
          </aside>
        </div>
      ) : null}
    </div>
  );
}

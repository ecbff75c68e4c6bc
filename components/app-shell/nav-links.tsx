"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { isActive, NAV_GROUPS, SETTINGS_ITEM, type TNavItem } from "@/components/app-shell/nav-items";
import { cn } from "@/components/ui/cn";

function NavLink({ item, pathname }: { item: TNavItem; pathname: string }) {
  const active = isActive(pathname, item.href);
  const Icon = item.icon;
  return (
    <Link
      href={item.href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px] font-medium transition-colors",
        active ? "bg-zinc-100 text-zinc-900" : "text-zinc-600 hover:bg-zinc-100/70 hover:text-zinc-900",
      )}
    >
      <Icon className={active ? "text-accent-600" : "text-zinc-400"} />
      {item.label}
    </Link>
  );
}

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-1 flex-col gap-4 overflow-y-auto px-2 py-3">
      {NAV_GROUPS.map((group) => (
        <div key={group.label}>
          <div className="px-2 pb-1 text-[11px] font-medium tracking-wide text-zinc-400 uppercase">
            {group.label}
          </div>
          <div className="space-y-0.5">
            {group.items.map((item) => (
              <NavLink key={item.href} item={item} pathname={pathname} />
            ))}
          </div>
        </div>
      ))}
      <div className="mt-auto">
        <NavLink item={SETTINGS_ITEM} pathname={pathname} />
      </div>
    </nav>
  );
}

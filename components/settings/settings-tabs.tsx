"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const TABS = [
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/members", label: "Members" },
  { href: "/settings/code", label: "Code limits" },
  { href: "/settings/webhooks", label: "Webhooks" },
];

export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-4 border-b border-zinc-200">
      {TABS.map((tab) => {
        const active = pathname.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-0.5 pb-2 text-[13px] font-medium transition-colors",
              active
                ? "border-accent-600 text-zinc-900"
                : "border-transparent text-zinc-500 hover:text-zinc-800",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

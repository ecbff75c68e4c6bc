import type { ComponentType } from "react";
import {
  IconActivity,
  IconCode,
  IconFlows,
  IconLists,
  IconProfiles,
  IconSegments,
  IconSettings,
  IconWebhook,
} from "@/components/ui/icons";

export type TNavItem = { href: string; label: string; icon: ComponentType<{ className?: string }> };

export const NAV_GROUPS: { label: string; items: TNavItem[] }[] = [
  {
    label: "Automation",
    items: [
      { href: "/flows", label: "Flows", icon: IconFlows },
      { href: "/webhooks", label: "Event webhooks", icon: IconWebhook },
      { href: "/code", label: "Code", icon: IconCode },
    ],
  },
  {
    label: "Audience",
    items: [
      { href: "/profiles", label: "Profiles", icon: IconProfiles },
      { href: "/lists", label: "Lists", icon: IconLists },
      { href: "/segments", label: "Segments", icon: IconSegments },
    ],
  },
  {
    label: "Data",
    items: [{ href: "/activity", label: "Activity", icon: IconActivity }],
  },
];

export const SETTINGS_ITEM: TNavItem = { href: "/settings", label: "Settings", icon: IconSettings };

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

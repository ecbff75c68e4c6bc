import type { ReactNode } from "react";
import { IconActivity, IconCode, IconLists, IconSegments, IconWebhook } from "@/components/ui/icons";
import type { TNodeIcon } from "@/lib/flows/node-types";

function Stroke({ children }: { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className="size-4 shrink-0"
    >
      {children}
    </svg>
  );
}

/** The registry names an icon; this draws it (the registry stays free of React). */
export function NodeIcon({ icon }: { icon: TNodeIcon }) {
  switch (icon) {
    case "list":
      return <IconLists />;
    case "segment":
      return <IconSegments />;
    case "metric":
      return <IconActivity />;
    case "webhook":
      return <IconWebhook />;
    case "code":
      return <IconCode />;
    case "calendar":
      return (
        <Stroke>
          <rect x="4" y="5" width="16" height="15" rx="2" />
          <path d="M4 10h16M9 3v4M15 3v4" />
        </Stroke>
      );
    case "clock":
      return (
        <Stroke>
          <circle cx="12" cy="12" r="8" />
          <path d="M12 8v4l3 2" />
        </Stroke>
      );
    case "split":
      return (
        <Stroke>
          <path d="M12 4v6M12 10l-6 6v4M12 10l6 6v4" />
        </Stroke>
      );
  }
}

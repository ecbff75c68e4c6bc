import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { IconActivity } from "@/components/ui/icons";

/**
 * An honest placeholder for a section that is not built yet: what it will do, and that nothing on
 * the page works today. No fake controls.
 */
export function ComingSoon({
  icon,
  title,
  what,
  points,
}: {
  icon: ReactNode;
  title: string;
  what: ReactNode;
  points: string[];
}) {
  return (
    <Card className="p-6" data-testid="coming-soon">
      <div className="flex items-start gap-4">
        <div className="flex size-10 shrink-0 items-center justify-center rounded-lg border border-zinc-200 bg-zinc-50 text-zinc-500">
          {icon}
        </div>
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-sm font-semibold">{title}</h2>
            <Badge tone="amber">Not built yet</Badge>
          </div>
          <p className="mt-1 max-w-2xl text-[13px] text-zinc-600">{what}</p>
          <ul className="mt-3 max-w-2xl list-disc space-y-1 pl-5 text-[13px] text-zinc-600">
            {points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
          <p className="mt-4 text-[13px] text-zinc-500">
            Nothing on this page works yet. Events you send through the API are already stored and shown in
            Activity.
          </p>
          <Link href="/activity" className={buttonClasses({ size: "sm", className: "mt-3" })}>
            <IconActivity className="text-zinc-400" />
            Open Activity
          </Link>
        </div>
      </div>
    </Card>
  );
}

import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <>
      <Card className="p-6">
        <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
        {description ? <p className="mt-1 text-[13px] text-zinc-500">{description}</p> : null}
        <div className="mt-5">{children}</div>
      </Card>
      {footer ? <p className="mt-4 text-center text-[13px] text-zinc-500">{footer}</p> : null}
    </>
  );
}

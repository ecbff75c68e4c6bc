import type { ReactNode } from "react";
import { HookflowMark } from "@/components/ui/icons";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-6 flex items-center gap-2 text-base font-semibold tracking-tight">
        <HookflowMark />
        Hookflow
      </div>
      <div className="w-full max-w-sm">{children}</div>
    </div>
  );
}

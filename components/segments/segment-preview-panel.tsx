"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { IconSpinner } from "@/components/ui/icons";
import { previewSegmentAction } from "@/lib/actions/segment-actions";
import { type TSegmentDefinition, ZSegmentDefinition } from "@/lib/audience/segment-definition";
import type { TSegmentPreview } from "@/lib/audience/segments/preview-segment";

const DEBOUNCE_MS = 600;

/**
 * The live preview: once the definition is valid and has not changed for a moment, the server
 * counts (or estimates) the members and shows ten. A newer draft wins over an older answer.
 */
export function SegmentPreviewPanel({ definition }: { definition: TSegmentDefinition }) {
  const [state, setState] = useState<
    | { status: "idle" | "loading" }
    | { status: "invalid" | "error"; message: string }
    | { status: "done"; preview: TSegmentPreview }
  >({ status: "idle" });
  const key = JSON.stringify(definition);

  useEffect(() => {
    const parsed = ZSegmentDefinition.safeParse(JSON.parse(key));
    if (!parsed.success) {
      setState({ status: "invalid", message: parsed.error.issues[0]?.message ?? "Finish the conditions" });
      return;
    }
    let isCurrent = true;
    const timer = setTimeout(async () => {
      setState({ status: "loading" });
      const result = await previewSegmentAction({ definition: parsed.data });
      if (!isCurrent) return;
      setState(
        result.ok ? { status: "done", preview: result.data } : { status: "error", message: result.error },
      );
    }, DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [key]);

  return (
    <Card data-testid="segment-preview" aria-live="polite">
      <CardHeader title="Preview" description="Who matches right now (not saved)" />
      <div className="space-y-3 px-4 py-3 text-[13px]">
        {state.status === "idle" || state.status === "loading" ? (
          <p className="flex items-center gap-2 text-zinc-500">
            <IconSpinner /> Counting…
          </p>
        ) : null}
        {state.status === "invalid" ? <p className="text-zinc-500">{state.message}</p> : null}
        {state.status === "error" ? <p className="text-red-600">{state.message}</p> : null}
        {state.status === "done" && state.preview.status === "timed_out" ? (
          <p className="text-amber-700">
            Counting took longer than {state.preview.timeoutMs / 1000} s, so it was stopped. Saving still
            computes the full membership.
          </p>
        ) : null}
        {state.status === "done" && state.preview.status === "ok" ? (
          <>
            <p>
              <span className="text-lg font-semibold text-zinc-900" data-testid="preview-size">
                {state.preview.isEstimate ? "≈ " : ""}
                {state.preview.estimatedSize.toLocaleString()}
              </span>{" "}
              <span className="text-zinc-500">
                of {state.preview.totalProfiles.toLocaleString()} profiles
                {state.preview.isEstimate ? " (estimated from a sample)" : ""}
              </span>
            </p>
            <ul className="divide-y divide-zinc-100" aria-label="Sample profiles">
              {state.preview.samples.map((profile) => (
                <li key={profile.id} className="py-1.5">
                  <Link className="text-accent-700 hover:underline" href={`/profiles/${profile.id}`}>
                    {profile.email ?? profile.id}
                  </Link>
                  {profile.firstName || profile.lastName ? (
                    <span className="ml-2 text-zinc-500">
                      {[profile.firstName, profile.lastName].filter(Boolean).join(" ")}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </Card>
  );
}

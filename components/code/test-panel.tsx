"use client";

import { useState } from "react";
import { MonacoEditor } from "@/components/code-editor/monaco-editor";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FormError, Select } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/time";
import { useServerAction } from "@/components/ui/use-server-action";
import type { TActionResult } from "@/lib/actions/action-result";
import type { TEST_RUN_MODES, TTestRunInput } from "@/lib/code/functions/schemas";
import { InvocationResultView, type TInvocationView } from "./invocation-result-view";

export type TRecentEventOption = {
  id: string;
  metricName: string;
  time: string;
  profileLabel: string | null;
  properties: unknown;
};

export type TProfileOption = { id: string; label: string };

export type TTestMode = (typeof TEST_RUN_MODES)[number];

/**
 * Test: runs the code as it is in the editor (saved or not) through the production runtime, on a
 * recent event, a profile, or a hand-written event; "dry run" records SDK writes without applying
 * them.
 */
export function TestPanel({
  recentEvents,
  profiles,
  initialSample,
  hasTopics,
  canRun,
  onRun,
  onRevealLine,
}: {
  recentEvents: TRecentEventOption[];
  profiles: TProfileOption[];
  initialSample: string;
  hasTopics: boolean;
  canRun: boolean;
  onRun: (input: TTestRunInput, mode: TTestMode) => Promise<TActionResult<TInvocationView>>;
  onRevealLine?: (line: number, column: number | null) => void;
}) {
  const [kind, setKind] = useState<TTestRunInput["kind"]>(
    recentEvents.length > 0 ? "event" : hasTopics || profiles.length === 0 ? "sample" : "profile",
  );
  const [eventId, setEventId] = useState(recentEvents[0]?.id ?? "");
  const [profileId, setProfileId] = useState(profiles[0]?.id ?? "");
  const [sample, setSample] = useState(initialSample);
  const [mode, setMode] = useState<TTestMode>("dry-run");
  const [result, setResult] = useState<TInvocationView | null>(null);
  const [inputError, setInputError] = useState<string | null>(null);
  const action = useServerAction();
  const chosenEvent = recentEvents.find((event) => event.id === eventId) ?? recentEvents[0];

  function run() {
    setInputError(null);
    let input: TTestRunInput;
    if (kind === "event") input = { kind, eventId: chosenEvent?.id ?? "" };
    else if (kind === "profile") input = { kind, profileId };
    else {
      try {
        input = { kind, event: JSON.parse(sample), profileId: profileId === "" ? null : profileId };
      } catch (error) {
        setInputError(`The sample event is not valid JSON: ${(error as Error).message}`);
        return;
      }
    }
    action.run(() => onRun(input, mode), { onSuccess: setResult });
  }

  return (
    <div className="grid items-start gap-4 lg:grid-cols-[22rem_1fr]">
      <Card>
        <CardHeader title="Test input" description="Runs the code in the editor, saved or not." />
        <div className="space-y-4 p-4">
          <fieldset>
            <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">Run with</legend>
            <div className="flex rounded-md border border-zinc-300 p-0.5 text-[13px]" role="radiogroup">
              {(
                [
                  ["event", "Recent event"],
                  ["profile", "Profile"],
                  ["sample", "Sample JSON"],
                ] as const
              ).map(([value, label]) => (
                <label
                  key={value}
                  className={cn(
                    "flex-1 cursor-pointer rounded px-2 py-1 text-center",
                    kind === value ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
                  )}
                >
                  <input
                    type="radio"
                    name="test-input-kind"
                    value={value}
                    checked={kind === value}
                    onChange={() => setKind(value)}
                    className="sr-only"
                  />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>

          {kind === "event" ? (
            <RecentEventPicker
              events={recentEvents}
              value={chosenEvent?.id ?? ""}
              onChange={setEventId}
              hasTopics={hasTopics}
            />
          ) : (
            <>
              {kind === "sample" ? (
                <div className="space-y-1.5">
                  <p className="text-[13px] font-medium text-zinc-800">Sample event</p>
                  <MonacoEditor
                    language="json"
                    value={sample}
                    onChange={setSample}
                    height={220}
                    ariaLabel="Sample event JSON"
                  />
                </div>
              ) : null}
              <div className="space-y-1.5">
                <label htmlFor="test-profile" className="block text-[13px] font-medium text-zinc-800">
                  {kind === "sample" ? "Profile (optional)" : "Profile"}
                </label>
                <Select
                  id="test-profile"
                  value={profileId}
                  onChange={(event) => setProfileId(event.target.value)}
                >
                  {kind === "sample" || profiles.length === 0 ? (
                    <option value="">{profiles.length === 0 ? "No profiles yet" : "No profile"}</option>
                  ) : null}
                  {profiles.map((profile) => (
                    <option key={profile.id} value={profile.id}>
                      {profile.label}
                    </option>
                  ))}
                </Select>
                <p className="text-xs text-zinc-500">
                  {kind === "sample"
                    ? "Without a profile, the SDK's profile calls fail."
                    : "As a code node in a flow runs it: with the profile, no event."}
                </p>
              </div>
            </>
          )}

          <fieldset>
            <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">Mode</legend>
            <div className="space-y-1.5 text-[13px]">
              <label className="flex items-start gap-2">
                <input
                  type="radio"
                  name="test-mode"
                  checked={mode === "dry-run"}
                  onChange={() => setMode("dry-run")}
                  className="mt-0.5 accent-accent-600"
                />
                <span>
                  <span className="font-medium text-zinc-900">Dry run</span>
                  <span className="block text-xs text-zinc-500">
                    SDK writes are checked and shown, not applied.
                  </span>
                </span>
              </label>
              <label className="flex items-start gap-2">
                <input
                  type="radio"
                  name="test-mode"
                  checked={mode === "apply"}
                  onChange={() => setMode("apply")}
                  className="mt-0.5 accent-accent-600"
                />
                <span>
                  <span className="font-medium text-zinc-900">Apply</span>
                  <span className="block text-xs text-zinc-500">
                    Writes are applied to the workspace&apos;s real profiles, lists and events.
                  </span>
                </span>
              </label>
            </div>
          </fieldset>

          <FormError>{inputError ?? action.error}</FormError>
          <Button
            variant="primary"
            className="w-full"
            pending={action.pending}
            disabled={!canRun}
            onClick={run}
          >
            Run
          </Button>
          {canRun ? null : <p className="text-xs text-zinc-500">Editors and above can run tests.</p>}
        </div>
      </Card>

      <Card>
        <CardHeader title="Result" />
        <div className="p-4" data-testid="test-result">
          {result ? (
            <InvocationResultView result={result} onRevealLine={onRevealLine} />
          ) : (
            <p className="py-8 text-center text-[13px] text-zinc-500">
              {action.pending ? "Running…" : "Choose an input and click Run."}
            </p>
          )}
        </div>
      </Card>
    </div>
  );
}

function RecentEventPicker({
  events,
  value,
  onChange,
  hasTopics,
}: {
  events: TRecentEventOption[];
  value: string;
  onChange: (eventId: string) => void;
  hasTopics: boolean;
}) {
  if (events.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-zinc-300 px-3 py-3 text-xs text-zinc-500">
        {hasTopics
          ? "No events of the subscribed metrics yet. Send one through the API, or use a sample."
          : "Subscribe the function to a metric (Settings) to test on its recent events."}
      </p>
    );
  }
  const chosen = events.find((event) => event.id === value);
  return (
    <div className="space-y-1.5">
      <label htmlFor="test-event" className="block text-[13px] font-medium text-zinc-800">
        Event (10 most recent)
      </label>
      <Select id="test-event" value={value} onChange={(event) => onChange(event.target.value)}>
        {events.map((event) => (
          <option key={event.id} value={event.id}>
            {event.metricName} · {event.profileLabel ?? "no profile"} ·{" "}
            {event.time.slice(0, 19).replace("T", " ")} UTC
          </option>
        ))}
      </Select>
      {chosen ? (
        <div className="text-xs text-zinc-500">
          <RelativeTime value={chosen.time} />
          <pre
            data-testid="test-event-properties"
            className="mt-1 max-h-40 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-2 font-mono leading-5 break-all whitespace-pre-wrap text-zinc-700"
          >
            {JSON.stringify(chosen.properties, null, 2)}
          </pre>
        </div>
      ) : null}
    </div>
  );
}

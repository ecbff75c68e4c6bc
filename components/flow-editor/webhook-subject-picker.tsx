"use client";

import { useEffect, useState } from "react";
import { controlClass } from "@/components/flow-editor/form-kit";
import { listPreviewEventsAction, searchPreviewProfilesAction } from "@/lib/actions/webhook-node-actions";
import type { TPreviewEventOption, TPreviewProfileOption } from "@/lib/flows/webhook-template-variables";

export type TPreviewSubjectChoice = { profile: TPreviewProfileOption | null; eventId: string | null };

const SEARCH_DEBOUNCE_MS = 250;

function profileLabel(profile: TPreviewProfileOption): string {
  return [profile.name, profile.email ?? profile.externalId ?? profile.id].filter(Boolean).join(" · ");
}

/** A real profile (searchable) and, on metric flows, one of its recent events of the trigger metric. */
export function WebhookSubjectPicker({
  value,
  onChange,
  metricId,
  isMetricFlow,
}: {
  value: TPreviewSubjectChoice;
  onChange: (value: TPreviewSubjectChoice) => void;
  metricId: string | null;
  isMetricFlow: boolean;
}) {
  const [query, setQuery] = useState("");
  const [isOpen, setIsOpen] = useState(false);
  const [options, setOptions] = useState<TPreviewProfileOption[]>([]);
  const [events, setEvents] = useState<TPreviewEventOption[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!isOpen) return;
    const timer = setTimeout(() => {
      void searchPreviewProfilesAction({ query }).then((result) => {
        if (result.ok) setOptions(result.data.slice(0, 8));
        else setError(result.error);
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, isOpen]);

  const profileId = value.profile?.id ?? null;
  // onChange and value.profile change with every render; the profile id and metric are what matter.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    setEvents(null);
    if (!profileId || !isMetricFlow) return;
    let isCurrent = true;
    void listPreviewEventsAction({ profileId, metricId }).then((result) => {
      if (!isCurrent) return;
      if (!result.ok) return setError(result.error);
      setEvents(result.data);
      if (result.data[0]) onChange({ profile: value.profile, eventId: result.data[0].id });
    });
    return () => {
      isCurrent = false;
    };
  }, [profileId, metricId, isMetricFlow]);

  return (
    <div className="space-y-2">
      <div className="relative space-y-1">
        <label htmlFor="webhook-preview-profile" className="block text-xs font-medium text-zinc-700">
          Profile
        </label>
        <input
          id="webhook-preview-profile"
          aria-controls="webhook-preview-profiles"
          autoComplete="off"
          placeholder={value.profile ? profileLabel(value.profile) : "Search by email or name…"}
          className={controlClass(false, "h-7 w-full text-xs")}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onFocus={() => setIsOpen(true)}
          onBlur={() => setTimeout(() => setIsOpen(false), 150)}
        />
        {value.profile && !isOpen ? (
          <p className="text-xs text-zinc-700" data-testid="webhook-preview-profile-chosen">
            {profileLabel(value.profile)}
          </p>
        ) : null}
        {isOpen ? (
          <ul
            id="webhook-preview-profiles"
            aria-label="Profiles"
            className="absolute z-20 mt-1 max-h-56 w-full overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 shadow-lg"
          >
            {options.length === 0 ? (
              <li className="px-2.5 py-1.5 text-xs text-zinc-500">No profile found</li>
            ) : null}
            {options.map((profile) => (
              <li key={profile.id}>
                <button
                  type="button"
                  aria-pressed={profile.id === profileId}
                  className="w-full truncate px-2.5 py-1.5 text-left text-xs hover:bg-zinc-50"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    onChange({ profile, eventId: null });
                    setQuery("");
                    setIsOpen(false);
                  }}
                >
                  {profileLabel(profile)}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {isMetricFlow && value.profile ? (
        <div className="space-y-1">
          <label htmlFor="webhook-preview-event" className="block text-xs font-medium text-zinc-700">
            Event {metricId ? "(of the trigger metric)" : ""}
          </label>
          <select
            id="webhook-preview-event"
            className={controlClass(false, "h-7 w-full text-xs")}
            value={value.eventId ?? ""}
            onChange={(event) => onChange({ profile: value.profile, eventId: event.target.value || null })}
          >
            <option value="">{events?.length === 0 ? "No recent events: event is null" : "No event"}</option>
            {(events ?? []).map((event) => (
              <option key={event.id} value={event.id}>
                {event.metricName} · {new Date(event.time).toLocaleString()}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </div>
  );
}

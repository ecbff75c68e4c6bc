"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import type { TFieldErrors } from "@/lib/actions/action-result";
import { createEventWebhookAction, updateEventWebhookAction } from "@/lib/actions/event-webhook-actions";
import {
  BATCH_SIZE_MAX,
  BATCH_WINDOW_MS_MAX,
  DISABLE_AFTER_FAILING_DAYS_MAX,
  MAX_CONCURRENCY_MAX,
  MAX_REQUESTS_PER_SECOND_MAX,
} from "@/lib/event-webhooks/schemas";
import { fieldMessage } from "./labels";
import { TopicPicker, type TTopicOption } from "./topic-picker";

export type TWebhookSettingsValues = {
  name: string;
  url: string;
  topics: string[];
  batchSize: number;
  batchWindowMs: number;
  maxConcurrency: number;
  maxRequestsPerSecond: number;
  disableAfterFailingDays: number;
};

const NUMBER_FIELDS = [
  {
    key: "batchSize",
    label: "Batch size",
    min: 1,
    max: BATCH_SIZE_MAX,
    hint: `Events per request, 1–${BATCH_SIZE_MAX}. 1 sends one request per event.`,
  },
  {
    key: "batchWindowMs",
    label: "Batch window (ms)",
    min: 0,
    max: BATCH_WINDOW_MS_MAX,
    hint: "The longest a batch waits for more events after its first one. 0 sends at once.",
  },
  {
    key: "maxConcurrency",
    label: "Max concurrency",
    min: 1,
    max: MAX_CONCURRENCY_MAX,
    hint: `Requests in flight to this endpoint at once, 1–${MAX_CONCURRENCY_MAX}.`,
  },
  {
    key: "maxRequestsPerSecond",
    label: "Max requests per second",
    min: 0,
    max: MAX_REQUESTS_PER_SECOND_MAX,
    hint: `Requests started per second, across all workers, 0–${MAX_REQUESTS_PER_SECOND_MAX}. 0 is no limit.`,
  },
  {
    key: "disableAfterFailingDays",
    label: "Disable after failing for (days)",
    min: 1,
    max: DISABLE_AFTER_FAILING_DAYS_MAX,
    hint: "An endpoint whose every attempt fails this long is disabled, with the reason shown.",
  },
] as const;

type TNumberKey = (typeof NUMBER_FIELDS)[number]["key"];

/** The number as typed, or null for an empty or non-numeric field (the server says which). */
function toNumber(text: string): number | null {
  const value = Number(text);
  return text.trim() === "" || Number.isNaN(value) ? null : value;
}

/**
 * Create and edit share this form. Its input is built by hand (topics are a list, the limits
 * numbers) and checked by the server against the same schema the API uses; errors are shown at
 * their field, including the endpoint check (resolves to a private address, not http(s)…).
 */
export function WebhookSettingsForm({
  webhookId,
  initial,
  metrics,
}: {
  /** Absent: a new webhook. */
  webhookId?: string;
  initial: TWebhookSettingsValues;
  metrics: TTopicOption[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [name, setName] = useState(initial.name);
  const [url, setUrl] = useState(initial.url);
  const [topics, setTopics] = useState<string[]>(initial.topics);
  const [numbers, setNumbers] = useState<Record<TNumberKey, string>>({
    batchSize: String(initial.batchSize),
    batchWindowMs: String(initial.batchWindowMs),
    maxConcurrency: String(initial.maxConcurrency),
    maxRequestsPerSecond: String(initial.maxRequestsPerSecond),
    disableAfterFailingDays: String(initial.disableAfterFailingDays),
  });
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = {
      name,
      url,
      topics,
      batchSize: toNumber(numbers.batchSize),
      batchWindowMs: toNumber(numbers.batchWindowMs),
      maxConcurrency: toNumber(numbers.maxConcurrency),
      maxRequestsPerSecond: toNumber(numbers.maxRequestsPerSecond),
      disableAfterFailingDays: toNumber(numbers.disableAfterFailingDays),
    };
    startTransition(async () => {
      const result = webhookId
        ? await updateEventWebhookAction({ ...input, webhookId })
        : await createEventWebhookAction(input);
      if (result.ok) {
        router.push(`/webhooks/${result.data.id}`);
        return;
      }
      setFieldErrors(result.fieldErrors);
      // A message shown next to its field is not repeated at the top of the form.
      const onAField = Object.values(result.fieldErrors).includes(result.error);
      setError(onAField ? null : result.error);
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5" data-testid="webhook-settings-form">
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={100}
          required
          autoFocus={!webhookId}
          placeholder="e.g. Warehouse sync"
          error={fieldMessage("name", fieldErrors.name)}
        />
        <TextField
          label="Endpoint URL"
          name="url"
          type="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          required
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://example.com/hooks/hookflow"
          hint="Receives a POST per batch. Public addresses only; http(s), no credentials in the URL."
          error={fieldMessage("url", fieldErrors.url)}
        />
      </div>
      <TopicPicker
        metrics={metrics}
        selected={topics}
        onChange={setTopics}
        error={fieldMessage("topics", fieldErrors.topics)}
      />
      <fieldset>
        <legend className="text-[13px] font-medium text-zinc-800">Delivery</legend>
        <div className="mt-2 grid gap-4 md:grid-cols-2">
          {NUMBER_FIELDS.map((field) => (
            <TextField
              key={field.key}
              label={field.label}
              name={field.key}
              type="number"
              inputMode="numeric"
              min={field.min}
              max={field.max}
              step={1}
              value={numbers[field.key]}
              onChange={(event) => setNumbers((current) => ({ ...current, [field.key]: event.target.value }))}
              hint={field.hint}
              error={fieldErrors[field.key]}
            />
          ))}
        </div>
      </fieldset>
      <FormError>{error}</FormError>
      <div className="flex justify-end gap-2">
        <Link href={webhookId ? `/webhooks/${webhookId}` : "/webhooks"} className={buttonClasses()}>
          Cancel
        </Link>
        <Button type="submit" variant="primary" pending={pending}>
          {webhookId ? "Save changes" : "Create webhook"}
        </Button>
      </div>
    </form>
  );
}

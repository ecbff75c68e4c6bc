"use client";

import { type FormEvent, useState, useTransition } from "react";
import { PropertyRows, rowsOf, type TPropertyRow } from "@/components/profiles/property-rows";
import { parsePropertyText } from "@/components/profiles/property-types";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { IconPlus } from "@/components/ui/icons";
import type { TFieldErrors } from "@/lib/actions/action-result";
import { updateProfileAction } from "@/lib/actions/profile-actions";

type TIdentity = {
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  timezone: string | null;
};

const IDENTITY_FIELDS: { name: keyof TIdentity; label: string; hint?: string; placeholder?: string }[] = [
  { name: "email", label: "Email" },
  { name: "phoneNumber", label: "Phone number", placeholder: "+15005550006" },
  { name: "externalId", label: "External id" },
  { name: "firstName", label: "First name" },
  { name: "lastName", label: "Last name" },
  {
    name: "timezone",
    label: "Time zone",
    placeholder: "UTC (default)",
    hint: "IANA name, e.g. Europe/Berlin",
  },
];

/**
 * Identifiers, names, time zone and properties of one profile, edited in place and saved together
 * through updateProfileAction (the API's profile writer, so segments re-evaluate). A refused
 * value (invalid, or an identifier another profile has) is shown next to its field. Read-only for
 * viewers.
 */
export function ProfileEditor(
  props: TIdentity & {
    profileId: string;
    properties: Record<string, unknown>;
    canEdit: boolean;
  },
) {
  const [rows, setRows] = useState<TPropertyRow[]>(() => rowsOf(props.properties));
  const [nextKey, setNextKey] = useState(rows.length);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const disabled = !props.canEdit;

  const update = (key: number, patch: Partial<TPropertyRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  function save(event: FormEvent<HTMLFormElement>) {
    // onSubmit rather than a form action: React resets a form after its action, which would show
    // the old values until the refreshed page arrives (and wipe a refused value being corrected).
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setFieldErrors({});
    setNotice(null);
    const properties: Record<string, unknown> = {};
    for (const row of rows) {
      if (row.type === "object") continue;
      const name = row.name.trim();
      if (!name) return setError("Every property needs a name");
      if (name in properties) return setError(`Property ${name} appears twice`);
      const parsed = parsePropertyText(name, row.type, row.text);
      if ("error" in parsed) return setError(parsed.error);
      properties[name] = parsed.value;
    }
    const kept = new Set(rows.map((row) => row.name.trim()));
    const unsetProperties = Object.keys(props.properties).filter((name) => !kept.has(name));
    const fields = Object.fromEntries(
      IDENTITY_FIELDS.map(({ name }) => [name, String(form.get(name) ?? "")]),
    );
    startTransition(async () => {
      const result = await updateProfileAction({
        profileId: props.profileId,
        ...fields,
        properties,
        unsetProperties,
      });
      if (result.ok) return setNotice("Saved");
      setFieldErrors(result.fieldErrors);
      const shownOnField = IDENTITY_FIELDS.some(({ name }) => result.fieldErrors[name] === result.error);
      setError(shownOnField ? null : result.error);
    });
  }

  return (
    <form onSubmit={save} className="space-y-4" aria-label="Profile details">
      <div className="grid grid-cols-3 gap-3">
        {IDENTITY_FIELDS.map((field) => (
          <TextField
            key={field.name}
            label={field.label}
            name={field.name}
            defaultValue={props[field.name] ?? ""}
            placeholder={field.placeholder}
            hint={field.hint}
            error={fieldErrors[field.name]}
            disabled={disabled}
            autoComplete="off"
          />
        ))}
      </div>
      <div>
        <h3 className="mb-2 text-sm font-medium text-zinc-900">Properties</h3>
        {rows.length === 0 ? <p className="text-sm text-zinc-500">No properties.</p> : null}
        <PropertyRows
          rows={rows}
          disabled={disabled}
          canEdit={props.canEdit}
          onUpdate={update}
          onRemove={(key) => setRows((current) => current.filter((other) => other.key !== key))}
        />
      </div>
      {props.canEdit ? (
        <div className="flex items-center gap-3">
          <Button
            size="sm"
            icon={<IconPlus />}
            onClick={() => {
              setRows((current) => [
                ...current,
                { key: nextKey, name: "", stored: null, type: "string", text: "" },
              ]);
              setNextKey(nextKey + 1);
            }}
          >
            Add property
          </Button>
          <Button type="submit" variant="primary" size="sm" pending={pending}>
            Save changes
          </Button>
          {notice ? (
            <span role="status" className="text-xs text-emerald-700">
              {notice}
            </span>
          ) : null}
        </div>
      ) : null}
      <FormError>{error}</FormError>
    </form>
  );
}

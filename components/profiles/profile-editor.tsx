"use client";

import { type FormEvent, useState } from "react";
import {
  PROPERTY_TYPES,
  parsePropertyText,
  propertyText,
  propertyTypeOf,
  type TPropertyType,
} from "@/components/profiles/property-types";
import { Button } from "@/components/ui/button";
import { FormError, Select, TextField } from "@/components/ui/field";
import { IconPlus } from "@/components/ui/icons";
import { useServerAction } from "@/components/ui/use-server-action";
import { updateProfileAction } from "@/lib/actions/profile-actions";

type TRow = { key: number; name: string; stored: string | null; type: TPropertyType; text: string };

const INPUT =
  "block h-8 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 disabled:bg-zinc-50 disabled:text-zinc-500";

function rowsOf(properties: Record<string, unknown>): TRow[] {
  return Object.entries(properties).map(([name, value], index) => {
    const type = propertyTypeOf(value);
    return { key: index, name, stored: name, type, text: propertyText(value, type) };
  });
}

/**
 * Names, time zone and properties of one profile, edited in place and saved together through
 * updateProfileAction (the API's profile writer, so segments re-evaluate). Read-only for viewers.
 */
export function ProfileEditor(props: {
  profileId: string;
  firstName: string | null;
  lastName: string | null;
  timezone: string | null;
  properties: Record<string, unknown>;
  canEdit: boolean;
}) {
  const [rows, setRows] = useState<TRow[]>(() => rowsOf(props.properties));
  const [nextKey, setNextKey] = useState(rows.length);
  const [localError, setLocalError] = useState<string | null>(null);
  const action = useServerAction();
  const disabled = !props.canEdit;

  const update = (key: number, patch: Partial<TRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  function save(event: FormEvent<HTMLFormElement>) {
    // onSubmit rather than a form action: React resets a form after its action, which would show
    // the old names until the refreshed page arrives.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setLocalError(null);
    const properties: Record<string, unknown> = {};
    for (const row of rows) {
      if (row.type === "object") continue;
      const name = row.name.trim();
      if (!name) return setLocalError("Every property needs a name");
      if (name in properties) return setLocalError(`Property ${name} appears twice`);
      const parsed = parsePropertyText(name, row.type, row.text);
      if ("error" in parsed) return setLocalError(parsed.error);
      properties[name] = parsed.value;
    }
    const kept = new Set(rows.map((row) => row.name.trim()));
    const unsetProperties = Object.keys(props.properties).filter((name) => !kept.has(name));
    action.run(
      () =>
        updateProfileAction({
          profileId: props.profileId,
          firstName: String(form.get("firstName") ?? ""),
          lastName: String(form.get("lastName") ?? ""),
          timezone: String(form.get("timezone") ?? ""),
          properties,
          unsetProperties,
        }),
      { notice: () => "Saved" },
    );
  }

  return (
    <form onSubmit={save} className="space-y-4" aria-label="Profile details">
      <div className="grid grid-cols-3 gap-3">
        <TextField
          label="First name"
          name="firstName"
          defaultValue={props.firstName ?? ""}
          disabled={disabled}
        />
        <TextField
          label="Last name"
          name="lastName"
          defaultValue={props.lastName ?? ""}
          disabled={disabled}
        />
        <TextField
          label="Time zone"
          name="timezone"
          defaultValue={props.timezone ?? ""}
          placeholder="UTC (default)"
          hint="IANA name, e.g. Europe/Berlin"
          disabled={disabled}
        />
      </div>
      <div>
        <h3 className="mb-2 text-sm font-medium text-zinc-900">Properties</h3>
        {rows.length === 0 ? <p className="text-sm text-zinc-500">No properties.</p> : null}
        <ul className="space-y-2">
          {rows.map((row) => (
            <li
              key={row.key}
              className="grid grid-cols-[12rem_8rem_1fr_auto] items-center gap-2"
              data-testid="property-row"
            >
              <input
                aria-label="Property name"
                className={INPUT}
                value={row.name}
                disabled={disabled || row.stored !== null}
                onChange={(event) => update(row.key, { name: event.target.value })}
              />
              {row.type === "object" ? (
                <span className="text-xs text-zinc-500">object (read-only)</span>
              ) : (
                <Select
                  aria-label={`Type of ${row.name || "new property"}`}
                  value={row.type}
                  disabled={disabled}
                  onChange={(event) => update(row.key, { type: event.target.value as TPropertyType })}
                >
                  {PROPERTY_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </Select>
              )}
              <PropertyValueInput
                row={row}
                disabled={disabled}
                onChange={(text) => update(row.key, { text })}
              />
              {props.canEdit ? (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove ${row.name || "property"}`}
                  onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}
                >
                  Remove
                </Button>
              ) : (
                <span />
              )}
            </li>
          ))}
        </ul>
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
          <Button type="submit" variant="primary" size="sm" pending={action.pending}>
            Save changes
          </Button>
          {action.notice ? (
            <span role="status" className="text-xs text-emerald-700">
              {action.notice}
            </span>
          ) : null}
        </div>
      ) : null}
      <FormError>{localError ?? action.error}</FormError>
    </form>
  );
}

function PropertyValueInput(props: { row: TRow; disabled: boolean; onChange: (text: string) => void }) {
  const { row } = props;
  const label = `Value of ${row.name || "new property"}`;
  if (row.type === "object") return <code className="truncate text-xs text-zinc-600">{row.text}</code>;
  if (row.type === "boolean") {
    return (
      <Select
        aria-label={label}
        value={row.text === "true" ? "true" : "false"}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.value)}
      >
        <option value="true">true</option>
        <option value="false">false</option>
      </Select>
    );
  }
  return (
    <input
      aria-label={label}
      className={INPUT}
      type={row.type === "number" ? "number" : "text"}
      step="any"
      placeholder={row.type === "date" ? "YYYY-MM-DD" : row.type === "list" ? "a, b, c" : undefined}
      value={row.text}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}

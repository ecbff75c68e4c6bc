"use client";

import {
  PROPERTY_TYPES,
  propertyText,
  propertyTypeOf,
  type TPropertyType,
} from "@/components/profiles/property-types";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";

// The profile editor's property rows: name, type and a value input per type. Stored names are
// fixed (renaming would be unset + set); objects are shown, not edited.

export type TPropertyRow = {
  key: number;
  name: string;
  stored: string | null;
  type: TPropertyType;
  text: string;
};

const INPUT =
  "block h-8 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 disabled:bg-zinc-50 disabled:text-zinc-500";

export function rowsOf(properties: Record<string, unknown>): TPropertyRow[] {
  return Object.entries(properties).map(([name, value], index) => {
    const type = propertyTypeOf(value);
    return { key: index, name, stored: name, type, text: propertyText(value, type) };
  });
}

export function PropertyRows(props: {
  rows: TPropertyRow[];
  disabled: boolean;
  canEdit: boolean;
  onUpdate: (key: number, patch: Partial<TPropertyRow>) => void;
  onRemove: (key: number) => void;
}) {
  const { disabled } = props;
  return (
    <ul className="space-y-2">
      {props.rows.map((row) => (
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
            onChange={(event) => props.onUpdate(row.key, { name: event.target.value })}
          />
          {row.type === "object" ? (
            <span className="text-xs text-zinc-500">object (read-only)</span>
          ) : (
            <Select
              aria-label={`Type of ${row.name || "new property"}`}
              value={row.type}
              disabled={disabled}
              onChange={(event) => props.onUpdate(row.key, { type: event.target.value as TPropertyType })}
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
            onChange={(text) => props.onUpdate(row.key, { text })}
          />
          {props.canEdit ? (
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Remove ${row.name || "property"}`}
              onClick={() => props.onRemove(row.key)}
            >
              Remove
            </Button>
          ) : (
            <span />
          )}
        </li>
      ))}
    </ul>
  );
}

function PropertyValueInput(props: {
  row: TPropertyRow;
  disabled: boolean;
  onChange: (text: string) => void;
}) {
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

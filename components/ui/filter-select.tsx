"use client";

import { Select } from "@/components/ui/field";

export type TFilterOption = { value: string; label: string };

/**
 * One labelled filter of a list page (runs, deliveries): the first option, `anyLabel`, clears the
 * filter, so `onChange` gets null for it rather than an empty string.
 */
export function FilterSelect({
  id,
  label,
  className,
  value,
  anyLabel,
  options,
  onChange,
}: {
  id: string;
  label: string;
  className: string;
  value: string | null;
  anyLabel: string;
  options: readonly TFilterOption[];
  onChange: (value: string | null) => void;
}) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-[13px] text-zinc-500">
        {label}
      </label>
      <Select
        id={id}
        className={className}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || null)}
      >
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

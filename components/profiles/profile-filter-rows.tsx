import Link from "next/link";
import { OPERATOR_LABELS_TEXT } from "@/components/segments/operator-labels";
import { Select } from "@/components/ui/field";
import { SEGMENT_PROPERTY_OPERATORS } from "@/lib/audience/segment-definition";

export type TFilterRowInput = { property: string; operator: string; value: string };

// field.tsx is a client module: its class constant cannot be read here, so the classes are spelled out.
const INPUT =
  "block h-8 rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400";

/**
 * The property filters of the profile search, inside its GET form: one row per filter in the URL
 * plus an empty row to add one (an empty property is ignored). The operators and their words are
 * the segment builder's. A row is removed by the link the page builds without it.
 */
export function ProfileFilterRows(props: {
  rows: TFilterRowInput[];
  propertyPaths: string[];
  removeHrefs: string[];
  canAdd: boolean;
}) {
  const rows = props.canAdd ? [...props.rows, { property: "", operator: "equals", value: "" }] : props.rows;
  return (
    <fieldset className="flex w-full flex-col gap-1.5" aria-label="Property filters">
      {rows.map((row, index) => {
        const isNew = index >= props.rows.length;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (fp/fo/fv by index)
          <div key={index} className="flex flex-wrap items-center gap-2" data-testid="profile-filter-row">
            <input
              name="fp"
              defaultValue={row.property}
              list="profile-filter-properties"
              aria-label={`Filter ${index + 1} property`}
              placeholder={isNew ? "Filter by a property, e.g. loyalty_tier" : "Property"}
              className={`${INPUT} w-72`}
            />
            <Select
              name="fo"
              defaultValue={row.operator}
              aria-label={`Filter ${index + 1} operator`}
              className="w-64"
            >
              {SEGMENT_PROPERTY_OPERATORS.map((operator) => (
                <option key={operator} value={operator}>
                  {OPERATOR_LABELS_TEXT[operator]}
                </option>
              ))}
            </Select>
            <input
              name="fv"
              defaultValue={row.value}
              aria-label={`Filter ${index + 1} value`}
              placeholder="Value"
              className={`${INPUT} w-56`}
            />
            {isNew ? null : (
              <Link
                href={props.removeHrefs[index] ?? "/profiles"}
                className="text-xs text-zinc-500 hover:text-zinc-800 hover:underline"
                aria-label={`Remove filter ${index + 1}`}
              >
                Remove
              </Link>
            )}
          </div>
        );
      })}
      <datalist id="profile-filter-properties">
        {props.propertyPaths.map((path) => (
          <option key={path} value={path} />
        ))}
      </datalist>
    </fieldset>
  );
}

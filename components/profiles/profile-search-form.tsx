import { ProfileFilterRows, type TFilterRowInput } from "@/components/profiles/profile-filter-rows";
import { buttonClasses } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import type { TProfileSearchField, TProfileSort } from "@/lib/audience/profile-pages/search-profiles";

/** A plain GET form: the search lives in the URL (shareable, back button works, no client state). */
export function ProfileSearchForm(props: {
  term: string;
  field: TProfileSearchField;
  sort: TProfileSort;
  filters: { rows: TFilterRowInput[]; propertyPaths: string[]; removeHrefs: string[]; canAdd: boolean };
}) {
  return (
    <form
      method="get"
      action="/profiles"
      aria-label="Search profiles form"
      className="mb-4 flex flex-wrap items-center gap-2"
    >
      <input
        type="search"
        name="q"
        defaultValue={props.term}
        aria-label="Search profiles"
        placeholder="Search by the start of an email, name, phone or external id"
        // field.tsx is a client module: its class constant cannot be read here, so the classes are spelled out.
        className="block h-8 w-96 max-w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400"
      />
      <Select name="field" defaultValue={props.field} aria-label="Search in" className="w-56">
        <option value="any">Email, phone or external id</option>
        <option value="email">Email</option>
        <option value="name">Name</option>
        <option value="phone">Phone</option>
        <option value="external_id">External id</option>
      </Select>
      <Select name="sort" defaultValue={props.sort} aria-label="Sort by" className="w-36">
        <option value="created">Newest first</option>
        <option value="email">Email A–Z</option>
      </Select>
      <button type="submit" className={buttonClasses()}>
        Search
      </button>
      <ProfileFilterRows {...props.filters} />
    </form>
  );
}

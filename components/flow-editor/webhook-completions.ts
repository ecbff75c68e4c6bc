// Completion of webhook template variables (pure: the Monaco adapter is in webhook-body-editor.tsx,
// the tests call this directly). Offers what lib/templating/template-scope.ts puts in scope.

export type TTemplateVariables = {
  profilePropertyKeys: string[];
  /** null when the flow is not metric-triggered: `event` is null at run time, so not offered. */
  eventPropertyKeys: string[] | null;
  secretNames: string[];
  /** Upstream code nodes and their declared outputs. */
  outputs: { nodeId: string; label: string; names: { name: string; type: string }[] }[];
};

export type TTemplateCompletion = {
  label: string;
  insertText: string;
  detail: string;
  kind: "field" | "property" | "filter" | "secret" | "root";
  /** How many characters before the cursor the insertion replaces. */
  replaceLength: number;
};

export const PERSON_STANDARD_FIELDS = [
  "email",
  "phone_number",
  "external_id",
  "first_name",
  "last_name",
  "organization",
  "title",
  "locale",
  "timezone",
  "id",
  "address1",
  "address2",
  "city",
  "region",
  "zip",
  "country",
  "latitude",
  "longitude",
  "location",
  "properties",
] as const;
const EVENT_STANDARD_FIELDS = ["metric_name", "time", "unique_id", "value", "properties"] as const;
const FILTERS: [string, string][] = [
  ["json", "JSON literal with quotes and escaping (missing → null)"],
  ["escape_json", "Escaped for inside quotes you wrote"],
  ["lookup:'X'", "Klaviyo: a property by name (spaces allowed)"],
  ["default:'x'", "Fallback when empty"],
  ["upcase", "Upper case"],
  ["downcase", "Lower case"],
  ["date:'%Y-%m-%d'", "Format a date"],
  ["size", "Length of a list or string"],
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Is the cursor inside `{{ … }}` or `{% … %}` (after the last opening, before any closing)? */
function isInsideTag(before: string): boolean {
  const open = Math.max(before.lastIndexOf("{{"), before.lastIndexOf("{%"));
  if (open === -1) return false;
  const close = Math.max(before.lastIndexOf("}}"), before.lastIndexOf("%}"));
  return close < open;
}

/** Completions for the text before the cursor (the current line is enough: tags are one line). */
export function templateCompletions(before: string, variables: TTemplateVariables): TTemplateCompletion[] {
  if (!isInsideTag(before)) return [];
  const filterMatch = /\|\s*([A-Za-z_]*)$/.exec(before);
  if (filterMatch) {
    const typed = filterMatch[1] ?? "";
    return FILTERS.map(([filter, detail]) => ({
      label: filter,
      insertText: filter,
      detail,
      kind: "filter" as const,
      replaceLength: typed.length,
    }));
  }
  const pathMatch = /([A-Za-z_][\w]*(?:\.[\w]*|\['[^']*'\])*)$/.exec(before);
  const path = pathMatch?.[1] ?? "";
  const lastDot = path.lastIndexOf(".");
  if (lastDot === -1) return roots(variables, path.length);
  const parent = path.slice(0, lastDot);
  const typed = path.slice(lastDot + 1).length;
  return childrenOf(parent, variables, typed);
}

function roots(variables: TTemplateVariables, typed: number): TTemplateCompletion[] {
  const items: TTemplateCompletion[] = [
    { label: "person", insertText: "person", detail: "The profile", kind: "root", replaceLength: typed },
    {
      label: "person|lookup:'…'",
      insertText: "person|lookup:'",
      detail: "Klaviyo: a profile property by name",
      kind: "root",
      replaceLength: typed,
    },
  ];
  if (variables.eventPropertyKeys !== null) {
    items.push(
      {
        label: "event",
        insertText: "event",
        detail: "The triggering event",
        kind: "root",
        replaceLength: typed,
      },
      {
        label: "event|lookup:'…'",
        insertText: "event|lookup:'",
        detail: "Klaviyo: an event property by name",
        kind: "root",
        replaceLength: typed,
      },
    );
  }
  if (variables.outputs.length > 0) {
    items.push({
      label: "outputs",
      insertText: "outputs",
      detail: "Outputs of earlier code steps",
      kind: "root",
      replaceLength: typed,
    });
  }
  if (variables.secretNames.length > 0) {
    items.push({
      label: "secrets",
      insertText: "secrets",
      detail: "Workspace secrets",
      kind: "root",
      replaceLength: typed,
    });
  }
  return items;
}

/** A property: dotted when it is an identifier, Klaviyo's lookup otherwise (replacing the dot). */
function propertyItem(root: string, key: string, typed: number, detail: string): TTemplateCompletion {
  if (IDENTIFIER.test(key)) {
    return { label: key, insertText: key, detail, kind: "property", replaceLength: typed };
  }
  return {
    label: key,
    insertText: `${root}|lookup:'${key.replaceAll("'", "\\'")}'`,
    detail: `${detail} (lookup: the name has spaces or symbols)`,
    kind: "property",
    replaceLength: typed + root.length + 1,
  };
}

function childrenOf(parent: string, variables: TTemplateVariables, typed: number): TTemplateCompletion[] {
  const field = (name: string, detail: string): TTemplateCompletion => ({
    label: name,
    insertText: name,
    detail,
    kind: "field",
    replaceLength: typed,
  });
  if (parent === "person") {
    return [
      ...PERSON_STANDARD_FIELDS.map((name) => field(name, "Profile field")),
      ...variables.profilePropertyKeys
        .filter((key) => !(PERSON_STANDARD_FIELDS as readonly string[]).includes(key))
        .map((key) => propertyItem("person", key, typed, "Profile property")),
    ];
  }
  if (parent === "person.properties") {
    return variables.profilePropertyKeys.map((key) => field(key, "Profile property"));
  }
  if (parent === "event" && variables.eventPropertyKeys !== null) {
    return [
      ...EVENT_STANDARD_FIELDS.map((name) => field(name, "Event field")),
      ...variables.eventPropertyKeys
        .filter((key) => !(EVENT_STANDARD_FIELDS as readonly string[]).includes(key))
        .map((key) => propertyItem("event", key, typed, "Event property")),
    ];
  }
  if (parent === "event.properties" && variables.eventPropertyKeys !== null) {
    return variables.eventPropertyKeys.map((key) => field(key, "Event property"));
  }
  if (parent === "secrets") {
    return variables.secretNames.map((name) => ({
      ...field(name, "Workspace secret"),
      kind: "secret" as const,
    }));
  }
  if (parent === "outputs") {
    return variables.outputs.map((node) =>
      IDENTIFIER.test(node.nodeId)
        ? field(node.nodeId, `Code step ${node.label}`)
        : {
            label: node.nodeId,
            insertText: `outputs['${node.nodeId}']`,
            detail: `Code step ${node.label}`,
            kind: "field" as const,
            replaceLength: typed + "outputs.".length,
          },
    );
  }
  const outputNode = /^outputs(?:\.([\w]+)|\['([^']+)'\])$/.exec(parent);
  if (outputNode) {
    const nodeId = outputNode[1] ?? outputNode[2];
    const node = variables.outputs.find((candidate) => candidate.nodeId === nodeId);
    return (node?.names ?? []).map((output) => field(output.name, `Output (${output.type})`));
  }
  return [];
}

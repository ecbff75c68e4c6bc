// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1:…}` is Monaco's snippet syntax, not a template
import type * as Monaco from "monaco-editor";
import type { TCompletionSource } from "@/components/code-editor/monaco-editor";

// Python has no language service in the browser: completions come from this table, which mirrors
// the SDK in lib/code/runtime/python/child/python/hookflow (keep the two in step).

type TPythonItem = {
  label: string;
  insertText: string;
  detail: string;
  documentation: string;
  kind: "function" | "module" | "property";
};

const SDK_ITEMS: TPythonItem[] = [
  {
    label: "update_profile",
    insertText: 'update_profile(${1:{"locale": "de-DE"}})',
    detail: "await hookflow.update_profile(properties: dict) -> dict",
    documentation: "Sets custom properties on the current profile (merged) and answers the updated profile.",
    kind: "function",
  },
  {
    label: "get_profile",
    insertText: "get_profile()",
    detail: "await hookflow.get_profile() -> dict",
    documentation: "The current profile as Hookflow has it now.",
    kind: "function",
  },
  {
    label: "add_to_list",
    insertText: 'add_to_list("${1:list_id}")',
    detail: "await hookflow.add_to_list(list_id: str)",
    documentation: "Adds the current profile to a static list, by the list's id.",
    kind: "function",
  },
  {
    label: "remove_from_list",
    insertText: 'remove_from_list("${1:list_id}")',
    detail: "await hookflow.remove_from_list(list_id: str)",
    documentation: "Removes the current profile from a static list, by the list's id.",
    kind: "function",
  },
  {
    label: "create_event",
    insertText: 'create_event("${1:Metric Name}", ${2:{}})',
    detail: "await hookflow.create_event(metric: str, properties: dict = None, **options)",
    documentation:
      "Records an event for the current profile (options: time, value, unique_id). It is marked as coming from this function, so loops are stopped.",
    kind: "function",
  },
  {
    label: "http",
    insertText: "http",
    detail: "hookflow.http",
    documentation: "HTTP through Hookflow's guarded fetch: request, get, post, put, patch, delete.",
    kind: "module",
  },
  {
    label: "HookflowError",
    insertText: "HookflowError",
    detail: "class hookflow.HookflowError(Exception)",
    documentation: "Raised when the host refuses an SDK call or a request.",
    kind: "property",
  },
];

const HTTP_ITEMS: TPythonItem[] = [
  ...(["get", "delete"] as const).map((method) => ({
    label: method,
    insertText: `${method}("\${1:https://}")`,
    detail: `await hookflow.http.${method}(url, headers=None) -> Response`,
    documentation: "Response: status, headers, text, json(), ok, raise_for_status().",
    kind: "function" as const,
  })),
  ...(["post", "put", "patch"] as const).map((method) => ({
    label: method,
    insertText: `${method}("\${1:https://}", json=\${2:{}})`,
    detail: `await hookflow.http.${method}(url, headers=None, body=None, json=None) -> Response`,
    documentation: "Send `json=` for a JSON body (sets content-type) or `body=` for text.",
    kind: "function" as const,
  })),
  {
    label: "request",
    insertText: 'request("${1:GET}", "${2:https://}")',
    detail: "await hookflow.http.request(method, url, headers=None, body=None, json=None) -> Response",
    documentation: "Any HTTP method.",
    kind: "function",
  },
];

const CONTEXT_ITEMS: TPythonItem[] = [
  ["env", "dict[str, str]", "The function's environment variables (secrets)."],
  ["function_id", "str", "This function's id."],
  ["version_id", "str | None", "The deployed version that runs (None for a test of the draft)."],
  ["run_id", "str | None", "The flow run, when a code node invoked the function."],
  ["invocation_id", "str", "This invocation's id (Logs tab)."],
  ["workspace_id", "str", "The workspace's id."],
  ["sdk", "module hookflow", "The SDK, as `import hookflow`."],
].map(([label, type, documentation]) => ({
  label: label ?? "",
  insertText: label ?? "",
  detail: `context.${label}: ${type}`,
  documentation: documentation ?? "",
  kind: "property" as const,
}));

const TOP_LEVEL_ITEMS: TPythonItem[] = [
  {
    label: "hookflow",
    insertText: "hookflow",
    detail: "import hookflow",
    documentation:
      "The Hookflow SDK: update_profile, get_profile, add_to_list, remove_from_list, create_event, http.",
    kind: "module",
  },
  {
    label: "handler",
    insertText: "async def handler(event, profile, context):\n    ${0:pass}",
    detail: "async def handler(event, profile, context)",
    documentation: "The entry point. `event` is None when a flow ran the function without one.",
    kind: "function",
  },
];

/** Which table applies at the cursor: after `hookflow.`, `hookflow.http.`, `context.`, or anywhere. */
export function pythonItemsFor(textBeforeCursor: string): TPythonItem[] {
  if (/\bhookflow\.http\.\w*$/.test(textBeforeCursor)) return HTTP_ITEMS;
  if (/\b(hookflow|context\.sdk)\.\w*$/.test(textBeforeCursor)) return SDK_ITEMS;
  if (/\bcontext\.\w*$/.test(textBeforeCursor)) return CONTEXT_ITEMS;
  if (/\.\w*$/.test(textBeforeCursor)) return [];
  return TOP_LEVEL_ITEMS;
}

export const pythonCompletionSource: TCompletionSource = {
  triggerCharacters: ["."],
  provideItems: ({ monaco, model, position }) => {
    const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
    const word = model.getWordUntilPosition(position);
    const range: Monaco.IRange = {
      startLineNumber: position.lineNumber,
      endLineNumber: position.lineNumber,
      startColumn: word.startColumn,
      endColumn: word.endColumn,
    };
    const kinds = {
      function: monaco.languages.CompletionItemKind.Function,
      module: monaco.languages.CompletionItemKind.Module,
      property: monaco.languages.CompletionItemKind.Property,
    };
    return pythonItemsFor(line).map((item) => ({
      label: item.label,
      kind: kinds[item.kind],
      detail: item.detail,
      documentation: { value: item.documentation },
      insertText: item.insertText,
      insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet,
      range,
    }));
  },
};

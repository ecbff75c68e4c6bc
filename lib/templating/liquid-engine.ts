import { type Context, type FilterImplOptions, type FS, Liquid } from "liquidjs";
import { lookupValue } from "@/lib/templating/lookup-value";

/**
 * Limits for user-written templates (webhook bodies and headers). Measured on the shared 2-core
 * dev box: a 3.3 KiB body with 81 outputs parses in 0.39 ms and renders in 0.25 ms, so 250 ms is
 * ~400× headroom, while a hostile template (nested loops over big ranges) is stopped after 250 ms
 * (a 200,000-step loop already hits it) instead of holding a worker.
 */
export const TEMPLATE_LIMITS = {
  /** Characters of template source; bigger templates are refused before parsing. */
  maxTemplateChars: 100 * 1024,
  /** Characters of rendered output; a webhook body larger than this is refused while rendering. */
  maxOutputChars: 1024 * 1024,
  /** Wall-clock budget for one render, checked before every tag, output and filter call. */
  renderTimeMs: 250,
  /**
   * liquidjs "memory" units, counted over one render: range sizes, strings and lists built by
   * filters (append, join, json…). 4× the output cap; building a 9,000,000-item range took 200 ms.
   */
  memoryUnits: 4_000_000,
  /**
   * Items in a list given to one filter. liquidjs checks its time budget only between nodes, not
   * inside a filter: `where` over a 1,000,000-item range ran 1.7 s, over 4,000,000 items 10.9 s.
   * At 50,000 items the slowest filter (`where`) takes ~85 ms, and every filter call checks the budget.
   */
  maxFilterListItems: 50_000,
} as const;

const NO_FILES_MESSAGE = "templates cannot load other files";

// Defence in depth behind the refused tags: nothing in liquidjs can reach the disk.
const NO_FILE_SYSTEM: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error(NO_FILES_MESSAGE);
  },
  readFileSync: () => {
    throw new Error(NO_FILES_MESSAGE);
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
};

/** Tags that read other templates from disk; refused at parse time so the editor shows it on save. */
const FILE_TAGS = ["include", "render", "layout"] as const;

function refuseFileTag(name: string) {
  return {
    parse() {
      throw new Error(`The {% ${name} %} tag is not available: ${NO_FILES_MESSAGE}`);
    },
    render() {
      throw new Error(`The {% ${name} %} tag is not available: ${NO_FILES_MESSAGE}`);
    },
  };
}

/** What liquidjs binds `this` to in a filter (its FilterImpl type is not exported). */
type TFilterThis = { context: Context };

function isPlainData(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `{{ x | json }}`: a JSON literal (strings quoted and escaped); missing values become `null`. */
function jsonFilter(this: TFilterThis, value: unknown, space: unknown = 0): string {
  const indent = typeof space === "number" ? Math.min(Math.max(space, 0), 10) : 0;
  const text = JSON.stringify(value ?? null, null, indent) ?? "null";
  this.context.memoryLimit.use(text.length);
  return text;
}

/** `"{{ x | escape_json }}"`: the inside of a JSON string, for values placed between quotes. */
function escapeJsonFilter(this: TFilterThis, value: unknown): string {
  const text = JSON.stringify(formatOutputValue(value)).slice(1, -1);
  this.context.memoryLimit.use(text.length);
  return text;
}

/**
 * How `{{ x }}` prints a value. Strings go out raw, without quotes (Klaviyo semantics), so
 * `"name": "{{ person.first_name }}"` works; a value containing `"`, `\` or a line break then
 * breaks the JSON, and renderJsonBody's error tells the user to write `| json`. Arrays and objects
 * print as JSON (Liquid's default would be "ab" / "[object Object]", useless in a JSON body).
 */
export function formatOutputValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (isPlainData(value)) return JSON.stringify(value);
  return String(value);
}

function outputEscape(this: TFilterThis, value: unknown): string {
  // Charge a list before serialising it: printing a huge range must fail before the work, not after.
  if (Array.isArray(value)) this.context.memoryLimit.use(value.length);
  const text = formatOutputValue(value);
  if (typeof value === "object" && value !== null) this.context.memoryLimit.use(text.length);
  return text;
}

type TFilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;

function assertListSize(filterName: string, value: unknown): void {
  if (Array.isArray(value) && value.length > TEMPLATE_LIMITS.maxFilterListItems) {
    throw new Error(
      `The ${filterName} filter was given a list of ${value.length.toLocaleString("en")} items; ` +
        `the limit is ${TEMPLATE_LIMITS.maxFilterListItems.toLocaleString("en")}`,
    );
  }
}

/** Every filter call checks the render time budget and the list size before running. */
function guardFilter(name: string, filter: FilterImplOptions): FilterImplOptions {
  const handler: TFilterHandler = typeof filter === "function" ? filter : filter.handler;
  const guarded: TFilterHandler = function (this: ThisParameterType<TFilterHandler>, value, ...args) {
    this.context.renderLimit.check(performance.now());
    assertListSize(name, value);
    for (const arg of args) assertListSize(name, arg);
    return handler.call(this, value, ...args);
  };
  return typeof filter === "function" ? guarded : { ...filter, handler: guarded };
}

export function createLiquidEngine(): Liquid {
  const engine = new Liquid({
    fs: NO_FILE_SYSTEM,
    relativeReference: false,
    strictFilters: true,
    // Unknown variables render empty, as in Klaviyo: a profile without the property is normal.
    strictVariables: false,
    ownPropertyOnly: true,
    // Not HTML escaping: bodies are JSON, headers are text; see formatOutputValue.
    outputEscape,
    parseLimit: TEMPLATE_LIMITS.maxTemplateChars,
    renderLimit: TEMPLATE_LIMITS.renderTimeMs,
    memoryLimit: TEMPLATE_LIMITS.memoryUnits,
    // `(person|lookup:'X') == 'y'` and `for i in (event|lookup:'Items')`: Klaviyo (Django) templates
    // use filters inside tags; see check-filters-in-tags.ts.
    groupedExpressions: true,
    // Times in templates are UTC, independent of the server's zone.
    timezoneOffset: 0,
  });
  for (const name of FILE_TAGS) engine.registerTag(name, refuseFileTag(name));
  engine.registerFilter("lookup", (target: unknown, key: unknown) => lookupValue(target, String(key ?? "")));
  engine.registerFilter("json", jsonFilter);
  engine.registerFilter("escape_json", escapeJsonFilter);
  for (const [name, filter] of Object.entries(engine.filters))
    engine.registerFilter(name, guardFilter(name, filter));
  return engine;
}

/** The one engine for user templates; holds no state between renders (parses are cached apart). */
export const liquidEngine: Liquid = createLiquidEngine();

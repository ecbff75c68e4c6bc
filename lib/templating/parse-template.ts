import type { Template } from "liquidjs";
import { checkFiltersInTagsOrThrow, explainFilterInCondition } from "@/lib/templating/check-filters-in-tags";
import { liquidEngine, TEMPLATE_LIMITS } from "@/lib/templating/liquid-engine";
import { toTemplateError } from "@/lib/templating/template-error";

export type TParseTemplateResult =
  | { ok: true }
  | { ok: false; error: { message: string; line: number; column: number } };

/** Parses with the user-template engine; throws liquidjs errors (which carry the position). */
export function parseTemplateOrThrow(source: string): Template[] {
  if (source.length > TEMPLATE_LIMITS.maxTemplateChars) {
    throw new Error(
      `The template is ${source.length.toLocaleString("en")} characters long; ` +
        `the limit is ${TEMPLATE_LIMITS.maxTemplateChars.toLocaleString("en")}`,
    );
  }
  let templates: Template[];
  try {
    templates = liquidEngine.parse(source);
  } catch (error) {
    throw explainFilterInCondition(error, source);
  }
  checkFiltersInTagsOrThrow(templates);
  return templates;
}

/**
 * Save-time validation: syntax, unknown tags and filters (strictFilters), refused file tags,
 * filters liquidjs would ignore in loops (see check-filters-in-tags.ts).
 * Errors without a position (the size limit) point at line 1, column 1.
 */
export function parseTemplate(source: string): TParseTemplateResult {
  try {
    parseTemplateOrThrow(source);
    return { ok: true };
  } catch (error) {
    const { message, line = 1, column = 1 } = toTemplateError(error);
    return { ok: false, error: { message, line, column } };
  }
}

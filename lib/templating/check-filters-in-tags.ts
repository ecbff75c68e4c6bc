import { LiquidError, ParseError, type Template, type Token, toValueSync } from "liquidjs";

/**
 * Klaviyo templates are Django templates, where filters work anywhere (`{% for i in event|lookup:'Items' %}`).
 * In liquidjs a filter in a tag expression is either applied (alone in an `if`), a syntax error
 * (`if x|f == 'y'`), or — in `for` and `tablerow` — silently ignored: the loop then runs over
 * `event` itself. We enable liquidjs's groupedExpressions so `(x|f)` works everywhere, refuse the
 * ignored form, and explain the syntax error.
 */
const LOOP_TAGS = new Set(["for", "tablerow"]);

const LOOP_EXAMPLE = "{% for item in (event|lookup:'Items') %}";
const CONDITION_EXAMPLE = "{% if (person|lookup:'Favorite Color') == 'blue' %}";

/** Whether `expression` has a `|` outside quotes and parentheses. */
export function hasBareFilter(expression: string): boolean {
  let quote: string | null = null;
  let depth = 0;
  for (const char of expression) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "(") depth++;
    else if (char === ")") depth = Math.max(depth - 1, 0);
    else if (char === "|" && depth === 0) return true;
  }
  return false;
}

type TNamedToken = Token & { name?: unknown; args?: unknown };

/** Throws a positioned ParseError for a loop whose collection has a filter liquidjs would ignore. */
export function checkFiltersInTagsOrThrow(templates: Template[]): void {
  for (const template of templates) {
    const token = template.token as TNamedToken;
    if (typeof token.name === "string" && LOOP_TAGS.has(token.name) && typeof token.args === "string") {
      if (hasBareFilter(token.args)) {
        throw new ParseError(
          new Error(
            `A filter in {% ${token.name} %} would be ignored: put the value in parentheses, as in ${LOOP_EXAMPLE}`,
          ),
          token,
        );
      }
    }
    if (template.children)
      checkFiltersInTagsOrThrow(toValueSync(template.children(false, true)) as Template[]);
  }
}

/** Adds the parentheses hint to liquidjs's "unexpected character" when a filter precedes it. */
export function explainFilterInCondition(error: unknown, source: string): unknown {
  if (!LiquidError.is(error) || !error.message.startsWith("unexpected character")) return error;
  const token = (error as unknown as { token?: Token }).token;
  if (!token) return error;
  const tagStart = Math.max(source.lastIndexOf("{%", token.begin), source.lastIndexOf("\n", token.begin));
  if (!hasBareFilter(source.slice(Math.max(tagStart, 0), token.begin))) return error;
  const unexpected = /^unexpected character (".*?")(?:, line:|$)/s.exec(error.message)?.[1] ?? "";
  const message = `A filter followed by an operator needs parentheses (unexpected ${unexpected}), as in ${CONDITION_EXAMPLE}`;
  return new ParseError(new Error(message), token);
}

import { renderTemplate, type TRenderTemplateOptions } from "@/lib/templating/render-template";
import type { TTemplateError } from "@/lib/templating/template-error";
import type { TTemplateScope } from "@/lib/templating/template-scope";

export type TRenderTextResult = { ok: true; text: string } | { ok: false; error: TTemplateError };

// CR/LF would let a profile value inject headers; NUL is refused by HTTP clients anyway.
const FORBIDDEN_IN_HEADER = /[\r\n\0]/;

/** Renders a header value template; refuses results containing CR, LF or NUL (header injection). */
export async function renderText(
  template: string,
  scope: TTemplateScope,
  options: TRenderTemplateOptions = {},
): Promise<TRenderTextResult> {
  const rendered = renderTemplate(template, scope, options);
  if (!rendered.ok) return rendered;
  const forbidden = FORBIDDEN_IN_HEADER.exec(rendered.output);
  if (!forbidden) return { ok: true, text: rendered.output };
  const source = rendered.sourcePositionAt(forbidden.index);
  const where = source ? ` (written by the template at line ${source.line}, column ${source.column})` : "";
  const name = forbidden[0] === "\0" ? "a NUL character" : "a line break (CR or LF)";
  return {
    ok: false,
    error: {
      message: `The rendered header value contains ${name}, which is not allowed in headers${where}`,
      ...(source ?? {}),
    },
  };
}

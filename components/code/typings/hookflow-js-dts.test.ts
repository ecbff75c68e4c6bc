import ts from "typescript";
import { describe, expect, it } from "vitest";
import { HOOKFLOW_JS_DTS } from "./hookflow-js-dts";

// The declarations are checked with the real TypeScript compiler and the compiler options the
// editor uses (checkJs, ES2022 without the DOM), so a broken .d.ts or a wrong signature fails here
// rather than as a silent lack of completion in the browser.

const OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ["lib.es2022.d.ts"],
  esModuleInterop: true,
  strictNullChecks: true,
  types: [],
};

function diagnosticsOf(source: string): string[] {
  const files = new Map([
    ["/hookflow.d.ts", HOOKFLOW_JS_DTS],
    ["/function.js", source],
  ]);
  const host = ts.createCompilerHost(OPTIONS);
  const readDefault = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => {
    const text = files.get(name);
    return text === undefined ? readDefault(name, version) : ts.createSourceFile(name, text, version);
  };
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.readFile = (name) => files.get(name) ?? ts.sys.readFile(name);
  const program = ts.createProgram(["/hookflow.d.ts", "/function.js"], OPTIONS, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
}

const LOCALE_FUNCTION = `
import hookflow, { updateProfile } from "hookflow";
import { sha256 } from "hookflow/crypto";
import dayjs from "dayjs";
import { v4 } from "uuid";

/**
 * @param {HookflowEvent | null} event
 * @param {HookflowProfile} profile
 * @param {HookflowContext} context
 */
export default async function (event, profile, context) {
  const locale = event?.properties.customer_locale;
  const response = await fetch("https://api.example.com/x", { method: "PATCH", body: { locale } });
  console.log(response.status, await response.json(), context.env.API_TOKEN, sha256(profile.email ?? ""));
  await updateProfile({ locale, checkedAt: dayjs().toISOString(), id: v4() });
  await hookflow.lists.add("list-id");
  await context.hookflow.createEvent({ metric: "Locale Saved", properties: { locale } });
  return { locale };
}
`;

describe("HOOKFLOW_JS_DTS", () => {
  it("type-checks a function that uses the SDK, fetch, crypto and the bundled modules", () => {
    expect(diagnosticsOf(LOCALE_FUNCTION)).toEqual([]);
  });

  it("reports an SDK call with an argument of the wrong type", () => {
    const problems = diagnosticsOf(
      `import { updateProfile } from "hookflow";\nexport default async function () { await updateProfile("de-DE"); }\n`,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /Argument of type 'string' is not assignable to parameter of type 'Record<string, unknown>'/,
    );
  });

  it("reports a misspelt SDK method and a DOM global the sandbox does not have", () => {
    const problems = diagnosticsOf(
      `import hookflow from "hookflow";\nexport default async function () { await hookflow.updateProfiles({}); document.title = "x"; }\n`,
    );
    expect(problems.join("\n")).toMatch(/Property 'updateProfiles' does not exist/);
    expect(problems.join("\n")).toMatch(/Cannot find name 'document'/);
  });

  it("types the handler's event as nullable", () => {
    const problems = diagnosticsOf(
      `/** @param {HookflowEvent | null} event */\nexport default async function (event) { return event.properties; }\n`,
    );
    expect(problems.join("\n")).toMatch(/'event' is possibly 'null'/);
  });
});

import { build, type Message, type Plugin } from "esbuild";
import { describeAllowedModules, isAllowedModule } from "@/lib/code/runtime/js/module-names";

/** A problem in the user's source; `line` and `column` are 1-based, as editors show them. */
export type TCompileError = { line: number; column: number; message: string };

export type TCompileResult = {
  /**
   * A CommonJS-style script body (uses `module`, `exports` and `require`) that the JavaScript
   * runtime wraps in a function and evaluates once per warm context. It ends with an inline source
   * map, from which runtime error stacks are mapped back to the user's lines. Empty on errors.
   */
  code: string;
  errors: TCompileError[];
};

/** The name stack frames and the source map use for the user's module. */
export const USER_MODULE_FILENAME = "function.js";

const TARGET = "es2022";

/**
 * Save-time compilation of a JavaScript function (ES module syntax) to the script the sandbox
 * evaluates. Imports are resolved here, so a module outside the allowlist is reported at its line
 * when the user saves rather than when the function runs; `import("x")` is turned into the same
 * allowlisted `require`, so the sandbox needs no module loader of its own.
 */
export async function compileJavaScript(source: string): Promise<TCompileResult> {
  try {
    const result = await build({
      stdin: { contents: source, sourcefile: USER_MODULE_FILENAME, loader: "js" },
      bundle: true,
      write: false,
      format: "cjs",
      platform: "neutral",
      target: TARGET,
      outfile: USER_MODULE_FILENAME,
      sourcemap: "inline",
      sourcesContent: false,
      supported: { "dynamic-import": false },
      logLevel: "silent",
      plugins: [allowlistedImportsPlugin],
    });
    const code = result.outputFiles[0]?.text ?? "";
    if (!hasDefaultExport(code)) {
      return {
        code: "",
        errors: [
          {
            line: 1,
            column: 1,
            message:
              "The module must export a default function: export default async function (event, profile, context) { … }",
          },
        ],
      };
    }
    return { code, errors: [] };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (!Array.isArray(messages)) throw error;
    return { code: "", errors: messages.map(toCompileError) };
  }
}

const allowlistedImportsPlugin: Plugin = {
  name: "hookflow-allowlisted-imports",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      if (isAllowedModule(args.path)) return { path: args.path, external: true };
      return {
        errors: [
          {
            text: `Cannot import "${args.path}": functions can import only ${describeAllowedModules()}`,
          },
        ],
      };
    });
  },
};

// esbuild's CommonJS output registers every export through __export(…, { default: () => … }).
function hasDefaultExport(code: string): boolean {
  return /\bdefault: \(\) =>/.test(code);
}

function toCompileError(message: Message): TCompileError {
  return {
    line: message.location?.line ?? 1,
    // esbuild counts columns from 0.
    column: (message.location?.column ?? 0) + 1,
    message: message.text.startsWith("Top-level await is currently not supported")
      ? "Top-level await is not supported: await inside the default function instead"
      : message.text,
  };
}

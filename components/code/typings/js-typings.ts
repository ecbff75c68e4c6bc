import type { TMonaco } from "@/components/code-editor/monaco-editor";
import { HOOKFLOW_JS_DTS } from "./hookflow-js-dts";

const TYPINGS_PATH = "file:///node_modules/@types/hookflow/index.d.ts";

let registrations = 0;
let extraLib: { dispose: () => void } | null = null;

/**
 * Turns on type checking for JavaScript models (Monaco leaves semantic checks off for JavaScript by
 * default) with the sandbox's world and nothing else: ES2022 without the DOM, plus our
 * declarations. Monaco's TypeScript defaults are global, so the extra lib is reference-counted
 * across editor instances (a version viewer and the main editor can be open together).
 */
export function registerJavaScriptTypings(monaco: TMonaco): { dispose: () => void } {
  const defaults = monaco.typescript.javascriptDefaults;
  defaults.setCompilerOptions({
    allowJs: true,
    checkJs: true,
    allowNonTsExtensions: true,
    target: monaco.typescript.ScriptTarget.ES2020,
    module: monaco.typescript.ModuleKind.ESNext,
    moduleResolution: monaco.typescript.ModuleResolutionKind.NodeJs,
    lib: ["es2022"],
    // `event` is null when a flow runs the function without one: worth a squiggle.
    strictNullChecks: true,
    noImplicitAny: false,
    esModuleInterop: true,
  });
  defaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
  defaults.setEagerModelSync(true);
  registrations += 1;
  if (!extraLib) extraLib = defaults.addExtraLib(HOOKFLOW_JS_DTS, TYPINGS_PATH);
  let isDisposed = false;
  return {
    dispose() {
      if (isDisposed) return;
      isDisposed = true;
      registrations -= 1;
      if (registrations === 0) {
        extraLib?.dispose();
        extraLib = null;
      }
    },
  };
}

import path from "node:path";
import { build } from "esbuild";
import { BUNDLED_MODULE_NAMES, type TBundledModuleName } from "./module-names";

// Each allowlisted npm module is bundled once per host process (esbuild, ~50–150 ms each) into a
// CommonJS-style body that the runner wraps as `(function (module, exports) { … })` and compiles
// into an isolate only when a function imports it (lodash costs 3–5 ms per context to evaluate;
// the runner also keeps V8's code cache for it). Browser builds: uuid then takes its randomness
// from the sandbox's crypto.getRandomValues, which the runner backs with node:crypto.
const bundles = new Map<TBundledModuleName, Promise<string>>();

export function isBundledModule(name: string): name is TBundledModuleName {
  return (BUNDLED_MODULE_NAMES as readonly string[]).includes(name);
}

export function bundleModule(name: TBundledModuleName): Promise<string> {
  let bundle = bundles.get(name);
  if (!bundle) {
    bundle = buildModule(name);
    bundle.catch(() => bundles.delete(name));
    bundles.set(name, bundle);
  }
  return bundle;
}

async function buildModule(name: TBundledModuleName): Promise<string> {
  const result = await build({
    stdin: {
      contents: `module.exports = require(${JSON.stringify(name)});`,
      resolveDir: process.cwd(),
      sourcefile: `hookflow-module-${name}.js`,
      loader: "js",
    },
    // Resolve from the app's own node_modules, whatever directory the host runs in.
    nodePaths: [path.join(process.cwd(), "node_modules")],
    bundle: true,
    write: false,
    format: "cjs",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text;
  if (!code) throw new Error(`Bundling the sandbox module "${name}" produced no output`);
  return code;
}

/** The bundled modules a compiled function requires (esbuild writes each import as require("name")). */
export function findRequiredBundledModules(code: string): TBundledModuleName[] {
  const names = new Set<TBundledModuleName>();
  for (const match of code.matchAll(/\brequire\("([^"]+)"\)/g)) {
    const name = match[1];
    if (name !== undefined && isBundledModule(name)) names.add(name);
  }
  return [...names];
}

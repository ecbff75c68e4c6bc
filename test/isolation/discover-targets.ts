import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Finds what the isolation matrix must cover, from the source tree itself: every route handler
// (app/**/route.ts, each exported HTTP method), every page and layout (app/**/page.tsx,
// layout.tsx) and every server action (each exported function of a module whose first statement
// is "use server"). A file with an inline "use server" directive
// (an action defined inside a component) is reported as a target of its own, so it cannot slip by.

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE_FOLDERS = ["app", "lib", "components"];
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

function walk(folder: string): string[] {
  const entries = readdirSync(path.join(ROOT, folder), { withFileTypes: true });
  return entries.flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) return walk(relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

const FILE_DIRECTIVE = /^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*["']use server["']/;
// A directive is a statement of its own on a line (a mention in a comment is not one).
const ANY_DIRECTIVE = /^\s*["']use server["'];?\s*$/m;

export function discoverSourceFiles() {
  const files = SOURCE_FOLDERS.flatMap(walk).sort();
  return {
    routeFiles: files.filter((file) => file.startsWith("app/") && path.basename(file) === "route.ts"),
    pageFiles: files.filter(
      (file) => file.startsWith("app/") && /^(page|layout)\.tsx$/.test(path.basename(file)),
    ),
    actionModules: files.filter((file) => FILE_DIRECTIVE.test(readFileSync(path.join(ROOT, file), "utf8"))),
    inlineDirectives: files.filter((file) => {
      const source = readFileSync(path.join(ROOT, file), "utf8");
      return !FILE_DIRECTIVE.test(source) && ANY_DIRECTIVE.test(source);
    }),
  };
}

/** "GET app/api/lists/[id]/route.ts" for each method a route file exports. */
export async function discoverRouteTargets(routeFiles: string[]): Promise<string[]> {
  const targets: string[] = [];
  for (const file of routeFiles) {
    const module: Record<string, unknown> = await import(/* @vite-ignore */ path.join(ROOT, file));
    for (const method of HTTP_METHODS) {
      if (typeof module[method] === "function") targets.push(`${method} ${file}`);
    }
  }
  return targets;
}

/** "lib/actions/list-actions.ts#createListAction" for each function an action module exports. */
export async function discoverActionTargets(actionModules: string[]): Promise<string[]> {
  const targets: string[] = [];
  for (const file of actionModules) {
    const module: Record<string, unknown> = await import(/* @vite-ignore */ path.join(ROOT, file));
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "function") targets.push(`${file}#${name}`);
    }
  }
  return targets;
}

import path from "node:path";
import { describe, expect, it } from "vitest";
import { leaksIn } from "./isolation-harness";
import { expectUntouched, type TMatrixContext } from "./matrix-context";
import type { TPageCase, TPageRequest } from "./page-cases";

// The pages' and layouts' matrix: app pages redirect a signed-out visitor; then A's owner, with
// the workspace cookie set to B, opens each page with B's ids (see page-cases.ts).

type TComponent = (props: Record<string, unknown>) => unknown;

/** Renders the component once; Next's notFound() and redirect() are thrown errors with a digest. */
async function open(root: string, file: string, request: Pick<TPageRequest, "params" | "searchParams">) {
  const module = (await import(/* @vite-ignore */ path.join(root, file))) as { default: TComponent };
  try {
    const tree = await module.default({
      params: Promise.resolve(request.params ?? {}),
      searchParams: Promise.resolve(request.searchParams ?? {}),
      children: null,
    });
    return { outcome: "render" as const, ...serialise(tree) };
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) {
      return { outcome: "not-found" as const, text: "", nestedAsync: [] };
    }
    if (digest.startsWith("NEXT_REDIRECT"))
      return { outcome: "redirect" as const, text: digest, nestedAsync: [] };
    throw error;
  }
}

/**
 * The element tree as text: every prop a server component hands on (functions and cycles left
 * out), and the async server components nested in it — this one call does not render those, so
 * the matrix refuses them rather than silently skipping their data (none exist today).
 */
function serialise(tree: unknown): { text: string; nestedAsync: string[] } {
  const seen = new WeakSet<object>();
  const nestedAsync: string[] = [];
  const text = JSON.stringify(tree, (key, value) => {
    if (key === "_owner" || key === "_debugStack" || key === "_debugTask") return undefined;
    if (typeof value === "bigint") return value.toString();
    if (key === "type" && typeof value === "function" && value.constructor.name === "AsyncFunction") {
      nestedAsync.push(value.name);
    }
    if (typeof value === "function" || typeof value === "symbol") return undefined;
    if (value && typeof value === "object") {
      if (seen.has(value)) return undefined;
      seen.add(value);
    }
    return value;
  });
  return { text, nestedAsync };
}

export function describePageMatrix(
  context: TMatrixContext,
  targets: string[],
  cases: Record<string, TPageCase>,
): void {
  const { a, b, actAs, root } = context;
  describe.each(targets)("%s", (file) => {
    const entry = cases[file];
    if (!entry || "exempt" in entry) {
      it.skipIf(!entry)(`is exempt: ${entry && "exempt" in entry ? entry.exempt : "no case"}`, () => {});
      return;
    }
    if (file.startsWith("app/(app)/")) {
      const own = entry.cross(a, a)[0];
      // A page that only redirects (settings → its first tab) sends everyone on; the next page checks.
      const target = own?.outcome === "redirect" ? "NEXT_REDIRECT" : "/sign-in";
      it("sends a signed-out visitor to sign in", async () => {
        actAs(null);
        expect(await open(root, file, own ?? {})).toMatchObject({
          outcome: "redirect",
          text: expect.stringContaining(target),
        });
      });
    }
    const requests = entry.cross(b, a).map((request) => [request.why, request] as const);
    it.each(requests)("A's owner, %s: no data of B, B unchanged", async (_why, request) => {
      await expectUntouched(context, b, async () => {
        actAs(a.users.owner, b.workspaceId);
        const opened = await open(root, file, request);
        expect(opened.outcome).toBe(request.outcome);
        expect(opened.nestedAsync, "nested async server components: render them here too").toEqual([]);
        // Not vacuous: a rendered page shows A's own data (its marker is in every name A has).
        if (opened.outcome === "render" && request.showsA !== false) expect(opened.text).toContain(a.marker);
        expect(leaksIn(opened.text, b, request), "B's data in the page").toEqual([]);
      });
    });
  });
}

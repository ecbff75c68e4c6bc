import type pg from "pg";
import { snapshotWorkspace, type TSnapshot } from "./snapshot-workspace";
import type { TWorkspaceIds } from "./two-workspaces";

// What the matrix checks after each request: the answer shows nothing of workspace B (its marker,
// its ids, its keys and secrets), apart from what the request itself sent; B's rows are unchanged.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every string of a value (nested), e.g. the ids and emails a request names. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === "string") {
    // A request body or query value may itself be JSON, a filter expression or CSV: take its
    // quoted strings and uuids too, so an echo of what was sent is not taken for a leak.
    const inner = [...value.matchAll(/[0-9a-f]{8}-[0-9a-f-]{27}|[\w.+-]+@[\w.-]+/gi)].map((m) => m[0]);
    return [value, ...inner];
  }
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}

/** The secrets and identifiers of a workspace that must never reach another workspace's user. */
export function sensitiveStringsOf(workspace: TWorkspaceIds): string[] {
  const ids = stringsOf(workspace).filter((text) => UUID.test(text));
  return [
    workspace.marker,
    workspace.keys.full,
    workspace.keys.ingest,
    workspace.signingSecret,
    workspace.secretValue,
    workspace.workspaceSecretValue,
    ...new Set(ids),
  ];
}

/**
 * The sensitive strings of `workspace` found in `answer` once everything `sent` is removed, each
 * with the text around it (to see at once where it came from).
 */
export function leaksIn(answer: string, workspace: TWorkspaceIds, sent: unknown): string[] {
  let text = answer;
  const echoes = stringsOf(sent)
    .filter((echo) => echo.length >= 8)
    .sort((x, y) => y.length - x.length);
  for (const echo of echoes) {
    // Also as it comes back inside a link (the API's links.self repeats the query, encoded).
    for (const form of [echo, encodeURIComponent(echo), new URLSearchParams({ q: echo }).toString().slice(2)])
      text = text.split(form).join("");
  }
  return sensitiveStringsOf(workspace).flatMap((secret) => {
    const at = text.indexOf(secret);
    return at < 0 ? [] : [`${secret} in …${text.slice(Math.max(0, at - 80), at + secret.length + 40)}…`];
  });
}

export function snapshotOf(db: pg.Pool, workspace: TWorkspaceIds): Promise<TSnapshot> {
  const ids = sensitiveStringsOf(workspace).filter((text) => UUID.test(text));
  return snapshotWorkspace(db, { workspaceId: workspace.workspaceId, ids });
}

/** The tables whose rows of the workspace differ between two snapshots. */
export function changedTables(before: TSnapshot, after: TSnapshot): string[] {
  return Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
}

import { expect } from "vitest";
import { TEST_ORIGIN } from "@/lib/api/testing/api-fixtures";
import type { Database } from "@/lib/db/prisma";
import { withinTimeLimit } from "@/test/fuzz/hostile-values";

// One fuzz case against a real route handler: send the body, check the answer's contract, and
// report what the database holds for the workspace before and after, so a refused request can be
// checked for partial writes.

type THandler = (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;

export type TApiAnswer = { status: number; errors: { code: string; detail: string; pointer?: string }[] };

/** Codes whose error is about the body as a whole (no field to name). */
const WHOLE_BODY_CODES = new Set(["parse_error", "request_too_large"]);

export async function sendFuzzCase(options: {
  handler: THandler;
  path: string;
  key: string;
  body: string | Uint8Array;
}): Promise<TApiAnswer> {
  const request = new Request(`${TEST_ORIGIN}${options.path}`, {
    method: "POST",
    headers: {
      revision: "2026-07-15",
      accept: "application/vnd.api+json",
      "content-type": "application/vnd.api+json",
      authorization: `Klaviyo-API-Key ${options.key}`,
    },
    body: options.body as BodyInit,
  });
  const response = await withinTimeLimit(`POST ${options.path}`, () =>
    options.handler(request, { params: Promise.resolve({}) }),
  );
  const text = await response.text();
  expect(response.status, `never a 5xx: ${text.slice(0, 500)}`).toBeLessThan(500);
  if (response.status < 400) return { status: response.status, errors: [] };
  const document = JSON.parse(text) as {
    errors: { code: string; detail: string; source?: { pointer?: string; parameter?: string } }[];
  };
  expect(document.errors.length).toBeGreaterThan(0);
  for (const error of document.errors) {
    expect(error.detail.length, "every error says what was wrong").toBeGreaterThan(0);
    if (WHOLE_BODY_CODES.has(error.code)) continue;
    // A JSON pointer names the field; "" (the root) is only for an error about the body itself.
    const pointer = error.source?.pointer;
    expect(pointer, `the error names a field: ${error.detail}`).toEqual(expect.any(String));
    if (pointer === "") expect(error.detail).toMatch(/body|document/i);
  }
  return {
    status: response.status,
    errors: document.errors.map((error) => ({ ...error, pointer: error.source?.pointer })),
  };
}

/** Rows the workspace has in the tables ingestion writes. */
export async function countWorkspaceRows(db: Database, workspaceId: string) {
  const result = await db.pool.query<{ events: string; profiles: string; metrics: string }>(
    `select (select count(*) from events where workspace_id = $1) as events,
            (select count(*) from profiles where workspace_id = $1) as profiles,
            (select count(*) from metrics where workspace_id = $1) as metrics`,
    [workspaceId],
  );
  const row = result.rows[0]!;
  return { events: Number(row.events), profiles: Number(row.profiles), metrics: Number(row.metrics) };
}

/** What a JSON value looks like after a trip through JSON text (as the server receives it). */
export function asReceived(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value) ?? "null");
}

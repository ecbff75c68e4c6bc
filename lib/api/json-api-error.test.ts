import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { checkRevision } from "@/lib/api/check-revision";
import { handleApiError } from "@/lib/api/handle-api-error";
import { isDatabaseUnavailable } from "@/lib/api/is-database-unavailable";
import { JsonApiError, toJsonPointer, zodErrorToJsonApi } from "@/lib/api/json-api-error";
import { HookflowError } from "@/lib/errors";
import { moduleLog } from "@/lib/log";

async function body(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/vnd.api+json");
  return (await response.json()) as { errors: Record<string, unknown>[] };
}

describe("JSON:API error documents", () => {
  it("turns each zod issue into a 400 pointing at its field", async () => {
    const schema = z.object({
      data: z.object({ attributes: z.object({ value: z.number(), items: z.array(z.string()) }).strict() }),
    });
    const result = schema.safeParse({ data: { attributes: { value: "x", items: ["ok", 3], extra: 1 } } });
    const errors = zodErrorToJsonApi(result.error!);
    expect(errors.map((error) => error.source?.pointer).sort()).toEqual([
      "/data/attributes/extra",
      "/data/attributes/items/1",
      "/data/attributes/value",
    ]);
    for (const error of errors) {
      expect(error).toMatchObject({ status: "400", code: "invalid", title: "Invalid input." });
      expect(error.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.detail).toContain(error.source!.pointer!);
    }
    const response = handleApiError(result.error);
    expect(response.status).toBe(400);
    expect((await body(response)).errors).toHaveLength(3);
  });

  it("escapes ~ and / in pointers (RFC 6901)", () => {
    expect(toJsonPointer(["data", "attributes", "events-bulk-create", "a/b", "c~d", 0])).toBe(
      "/data/attributes/events-bulk-create/a~1b/c~0d/0",
    );
  });

  it.each([
    [new HookflowError("unauthenticated", "no key"), 401, "not_authenticated"],
    [new HookflowError("forbidden", "ingest key"), 403, "permission_denied"],
    [new HookflowError("not_found", "List x was not found"), 404, "not_found"],
    [new HookflowError("too_large", "too big"), 413, "request_too_large"],
    [
      new JsonApiError("conflict", "dup", {
        apiCode: "duplicate_profile",
        meta: { duplicate_profile_id: "p" },
      }),
      409,
      "duplicate_profile",
    ],
  ])("maps %s to its status and Klaviyo code", async (error, status, code) => {
    const response = handleApiError(error);
    expect(response.status).toBe(status);
    const [first] = (await body(response)).errors;
    expect(first).toMatchObject({ status: String(status), code, detail: error.message });
    if (error instanceof JsonApiError && error.meta) expect(first?.meta).toEqual(error.meta);
  });

  it("puts body pointers in source.pointer and parameters in source.parameter", async () => {
    const [pointer] = (await body(handleApiError(new HookflowError("invalid", "x", { pointer: "/data/id" }))))
      .errors;
    expect(pointer?.source).toEqual({ pointer: "/data/id" });
    const [parameter] = (
      await body(handleApiError(new HookflowError("invalid", "x", { pointer: "page[size]" })))
    ).errors;
    expect(parameter?.source).toEqual({ parameter: "page[size]" });
  });

  it("answers 503 with Retry-After when PostgreSQL is unreachable", async () => {
    vi.spyOn(moduleLog("api"), "error").mockImplementation(() => {});
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
      syscall: "connect",
    });
    const prismaShape = Object.assign(new Error("Can't reach database server"), {
      name: "PrismaClientKnownRequestError",
      code: "P1001",
      meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
    });
    const shutdown = Object.assign(new Error("raw query failed"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P01" } } },
    });
    for (const error of [
      refused,
      prismaShape,
      shutdown,
      new HookflowError("unavailable", "pool exhausted"),
    ]) {
      const response = handleApiError(error);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
    }
  });

  it("does not mistake constraint or syntax errors for an outage", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("syntax"), { code: "42601" }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
  });

  it("logs anything else and answers a generic 500 without internals", async () => {
    const log = vi.spyOn(moduleLog("api"), "error").mockImplementation(() => {});
    const response = handleApiError(new Error("secret table users_internal exploded"));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("users_internal");
    const [error] = (JSON.parse(text) as { errors: { id: string; detail: string }[] }).errors;
    expect(error?.detail).toContain(error!.id);
    expect(log).toHaveBeenCalled();
  });
});

describe("checkRevision", () => {
  it.each(["2026-07-15", "2024-10-15.pre", "2023-02-22", null, ""])("accepts %s", (revision) => {
    expect(() => checkRevision(revision)).not.toThrow();
  });

  it.each(["latest", "2024-13-01", "2024-02-30", "15-07-2026"])(
    "refuses %s naming the header",
    (revision) => {
      expect(() => checkRevision(revision)).toThrow(
        expect.objectContaining({ status: 400, pointer: "revision" }),
      );
    },
  );
});

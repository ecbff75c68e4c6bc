import { redirect } from "next/navigation";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { GENERIC_ACTION_ERROR, toActionFailure } from "@/lib/actions/action-error";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { requireWorkspace } from "@/lib/auth/workspace-context";
import { HookflowError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { moduleLog } from "@/lib/log";

vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/workspace-context", () => ({ requireWorkspace: vi.fn() }));
vi.mock("@/lib/auth/current-user", () => ({ currentUser: vi.fn() }));

const CONTEXT = {
  user: { id: "u1", email: "a@example.com", name: "A", sessionId: "s1" },
  workspace: { id: "w1", name: "Acme" },
  role: "admin" as const,
};
const ZInput = z.object({ name: z.string().min(2, "Too short") });

describe("workspaceAction", () => {
  // Braces matter: a function returned from beforeEach is run as teardown (mockReset returns the mock).
  beforeEach(() => {
    vi.mocked(requireWorkspace).mockReset();
  });

  it("checks the workspace with the action's role, then parses, then runs", async () => {
    vi.mocked(requireWorkspace).mockResolvedValue(CONTEXT);
    const run = vi.fn(async (input: { name: string }) => `hello ${input.name}`);
    const result = await workspaceAction({
      name: "t",
      role: "admin",
      schema: ZInput,
      input: { name: "Bo" },
      run,
    });
    expect(requireWorkspace).toHaveBeenCalledWith({ role: "admin" });
    expect(run).toHaveBeenCalledWith({ name: "Bo" }, CONTEXT);
    expect(result).toEqual({ ok: true, data: "hello Bo" });
  });

  it("refuses before validating or running when the role is missing", async () => {
    vi.mocked(requireWorkspace).mockImplementation(async () => {
      throw new HookflowError("forbidden", "This needs the admin role");
    });
    const run = vi.fn();
    const result = await workspaceAction({
      name: "t",
      role: "admin",
      schema: ZInput,
      input: { name: "" },
      run,
    });
    expect(result).toEqual({ ok: false, error: "This needs the admin role", fieldErrors: {} });
    expect(run).not.toHaveBeenCalled();
  });

  it("answers invalid input with per-field messages and does not run", async () => {
    vi.mocked(requireWorkspace).mockResolvedValue(CONTEXT);
    const run = vi.fn();
    const result = await workspaceAction({
      name: "t",
      role: "viewer",
      schema: ZInput,
      input: { name: "x" },
      run,
    });
    expect(result).toEqual({ ok: false, error: "Too short", fieldErrors: { name: "Too short" } });
    expect(run).not.toHaveBeenCalled();
  });
  it("refuses text PostgreSQL cannot store (NUL, lone surrogate) on its field, without running", async () => {
    vi.mocked(requireWorkspace).mockResolvedValue(CONTEXT);
    const run = vi.fn();
    for (const name of ["Bo\u0000", "Bo\ud800"]) {
      const result = await workspaceAction({
        name: "t",
        role: "viewer",
        schema: ZInput,
        input: { name },
        run,
      });
      expect(result).toMatchObject({
        ok: false,
        fieldErrors: { name: expect.stringMatching(/NUL character/) },
      });
    }
    expect(run).not.toHaveBeenCalled();
  });
});

describe("toActionFailure", () => {
  it("puts a HookflowError with a pointer on its field", () => {
    const error = new HookflowError("conflict", "Already invited", { pointer: "email" });
    expect(toActionFailure(error, "t")).toEqual({
      ok: false,
      error: "Already invited",
      fieldErrors: { email: "Already invited" },
    });
  });

  it("summarises several invalid fields", () => {
    const parsed = z.object({ a: z.string(), b: z.string() }).safeParse({});
    expect(toActionFailure(parsed.error, "t")).toMatchObject({
      error: "Check the highlighted fields",
      fieldErrors: { a: expect.any(String), b: expect.any(String) },
    });
  });

  it("reports a unique-constraint race as a conflict", () => {
    const error = new Prisma.PrismaClientKnownRequestError("dup", { code: "P2002", clientVersion: "7" });
    expect(toActionFailure(error, "t").error).toMatch(/already exists/);
  });

  it("logs anything else and answers generically, without internals", () => {
    const log = vi.spyOn(moduleLog("actions"), "error").mockImplementation(() => {});
    const failure = toActionFailure(new Error("connection to 10.0.0.5 refused"), "t");
    expect(failure).toEqual({ ok: false, error: GENERIC_ACTION_ERROR, fieldErrors: {} });
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("lets Next's redirect through", () => {
    let thrown: unknown;
    try {
      redirect("/activity");
    } catch (error) {
      thrown = error;
    }
    expect(() => toActionFailure(thrown, "t")).toThrow();
  });
});

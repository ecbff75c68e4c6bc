import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("gives every setting a default on a bare environment", () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOOKFLOW_DATA_DIR: ".data",
      HOOKFLOW_DEMO: true,
      LOG_LEVEL: "info",
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("reads the loop guard's depth (default 5)", () => {
    expect(parseEnv({}).HOOKFLOW_MAX_EVENT_DEPTH).toBe(5);
    expect(parseEnv({ HOOKFLOW_MAX_EVENT_DEPTH: "12" }).HOOKFLOW_MAX_EVENT_DEPTH).toBe(12);
  });

  it("reads HOOKFLOW_DEMO=0 as off", () => {
    expect(parseEnv({ HOOKFLOW_DEMO: "0" }).HOOKFLOW_DEMO).toBe(false);
  });

  it.each([
    ["DATABASE_URL", "mysql://localhost/db", /DATABASE_URL: must be a postgresql:\/\/ connection URL/],
    ["PORT", "eighty", /PORT:/],
    ["HOOKFLOW_APP_KEY", "short", /HOOKFLOW_APP_KEY: must be 32 random bytes in base64/],
    ["AUTH_SECRET", "tiny", /AUTH_SECRET: must be at least 32 characters/],
    ["HOOKFLOW_DEMO", "maybe", /HOOKFLOW_DEMO:/],
    ["HOOKFLOW_MAX_EVENT_DEPTH", "0", /HOOKFLOW_MAX_EVENT_DEPTH:/],
  ])("refuses a bad %s with a message naming it", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });
});

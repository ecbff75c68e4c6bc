import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "@/lib/flows/webhook-url-rule";

describe("webhookUrlProblem", () => {
  it("accepts https always", () => {
    expect(webhookUrlProblem("https://example.com/hook", { isHttpAllowed: false })).toBeNull();
  });
  it("accepts http only where the server allows private targets", () => {
    expect(webhookUrlProblem("http://127.0.0.1:9000/hook", { isHttpAllowed: true })).toBeNull();
    expect(webhookUrlProblem("http://example.com/hook", { isHttpAllowed: false })).toMatch(/^Use https/);
  });
  it("names what is wrong with other input", () => {
    expect(webhookUrlProblem("  ", { isHttpAllowed: true })).toBe("Enter the endpoint URL");
    expect(webhookUrlProblem("example.com", { isHttpAllowed: true })).toBe(
      '"example.com" is not a valid URL',
    );
    expect(webhookUrlProblem("ftp://example.com", { isHttpAllowed: true })).toMatch(/not ftp:/);
  });
});

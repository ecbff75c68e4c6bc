import { beforeAll, describe, expect, it } from "vitest";
import type { TProfilePageCursor } from "@/lib/audience/profile-pages/profile-page-cursor";
import {
  filtersFromSearchParams,
  type TProfilePropertyFilter,
  ZProfileSearchFilter,
} from "@/lib/audience/profile-pages/profile-search-filter";
import { searchProfiles } from "@/lib/audience/profile-pages/search-profiles";
import { createTestDatabase } from "@/test/database";

const db = await createTestDatabase();
let workspaceId = "";

// name → properties; created one second apart, "a" newest.
const PROFILES: Record<string, Record<string, unknown>> = {
  a: { tier: "gold", spend: 120, vip: true, signup: "2024-05-01", city: "Berlin" },
  b: { tier: "silver", spend: 80, signup: "2023-01-15", city: "Bern" },
  c: { tier: "gold", spend: "95", vip: false },
  d: { tier: "Gold", note: null },
  e: {},
  f: { tier: "bronze", spend: 95.5, city: "Paris" },
};

beforeAll(async () => {
  workspaceId = (await db.prisma.workspace.create({ data: { name: "Filters" } })).id;
  const other = (await db.prisma.workspace.create({ data: { name: "Other" } })).id;
  const names = Object.keys(PROFILES);
  for (const [index, name] of names.entries()) {
    await db.prisma.profile.create({
      data: {
        workspaceId,
        email: `${name}@example.com`,
        properties: PROFILES[name] as object,
        createdAt: new Date(Date.UTC(2026, 0, 1) - index * 1000),
      },
    });
  }
  // Same properties in another workspace: never returned.
  await db.prisma.profile.create({
    data: { workspaceId: other, email: "x@example.com", properties: { tier: "gold" } },
  });
});

const filter = (property: string, operator: string, value?: string) =>
  ZProfileSearchFilter.parse({ property, operator, value }) as TProfilePropertyFilter;

async function emails(filters: TProfilePropertyFilter[], options: { scanBudget?: number } = {}) {
  const page = await searchProfiles({ workspaceId, filters, pageSize: 50, ...options });
  return page.profiles.map((profile) => profile.email!.split("@")[0]).join("");
}

describe("property filters in the profile search (real PostgreSQL)", () => {
  it("each operator: matching and non-matching profiles", async () => {
    expect(await emails([filter("tier", "equals", "gold")])).toBe("ac");
    expect(await emails([filter("properties.tier", "equals", "platinum")])).toBe("");
    expect(await emails([filter("spend", "equals", "120")])).toBe("a"); // JSON number 120
    expect(await emails([filter("spend", "equals", "95")])).toBe("c"); // JSON string "95"
    expect(await emails([filter("vip", "equals", "true")])).toBe("a"); // JSON boolean
    expect(await emails([filter("tier", "not_equals", "gold")])).toBe("bdef"); // unset counts as not equal
    expect(await emails([filter("vip", "exists")])).toBe("ac");
    expect(await emails([filter("note", "exists")])).toBe(""); // a JSON null is not a value
    expect(await emails([filter("city", "not_exists")])).toBe("cde");
    expect(await emails([filter("city", "contains", "ER")])).toBe("ab"); // case-insensitive
    expect(await emails([filter("city", "starts_with", "ber")])).toBe("ab");
    expect(await emails([filter("city", "starts_with", "bern")])).toBe("b");
    expect(await emails([filter("city", "not_contains", "er")])).toBe("cdef");
    expect(await emails([filter("spend", "greater_than", "90")])).toBe("acf"); // numbers, also "95"
    expect(await emails([filter("spend", "less_than", "95.5")])).toBe("bc");
    expect(await emails([filter("signup", "greater_than", "2024-01-01")])).toBe("a"); // ISO text
    expect(await emails([filter("email", "equals", "b@example.com")])).toBe("b");
  });

  it("filters AND together, indexed and scanned alike, inside the workspace", async () => {
    expect(await emails([filter("tier", "equals", "gold"), filter("spend", "greater_than", "100")])).toBe(
      "a",
    );
    expect(await emails([filter("tier", "exists"), filter("city", "contains", "r")])).toBe("abf");
  });

  it("a scan budget shortens pages but paging on finds every match once, both ways", async () => {
    // Scanned row by row (no index): matches a, c and f among a…f.
    const filters = [filter("spend", "greater_than", "90")];
    const seen: string[] = [];
    const limits: (number | null)[] = [];
    let cursor: TProfilePageCursor | undefined;
    let previous: TProfilePageCursor | null = null;
    for (let step = 0; step < 10; step++) {
      const page = await searchProfiles({ workspaceId, filters, pageSize: 1, scanBudget: 2, cursor });
      seen.push(...page.profiles.map((profile) => profile.email!.split("@")[0]!));
      limits.push(page.scanLimit);
      previous = page.previous;
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen.join("")).toBe("acf");
    expect(limits.slice(0, 3)).toEqual([2, 2, 2]); // each walk of 2 rows ran out before a full page
    const back: string[] = [];
    for (let step = 0; step < 10 && previous; step++) {
      const page = await searchProfiles({
        workspaceId,
        filters,
        pageSize: 1,
        scanBudget: 2,
        cursor: previous,
      });
      back.unshift(...page.profiles.map((profile) => profile.email!.split("@")[0]!));
      previous = page.previous;
    }
    expect(back.join("")).toBe("ac");
    // Without a budget in the way the same filter fills pages in one go.
    expect(await emails(filters)).toBe("acf");
  });

  it("refuses bad filters naming the field; the URL form is parsed filter by filter", () => {
    const missing = ZProfileSearchFilter.safeParse({ property: "tier", operator: "equals", value: "" });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(["value"]);
    const operator = ZProfileSearchFilter.safeParse({ property: "tier", operator: "near" });
    expect(operator.error?.issues[0]?.path).toEqual(["operator"]);
    const days = ZProfileSearchFilter.safeParse({ property: "signup", operator: "in_last_days", value: "x" });
    expect(days.error?.issues[0]?.message).toMatch(/whole number of days/);
    const parsed = filtersFromSearchParams({
      fp: ["tier", "spend", ""],
      fo: ["equals", "greater_than", "equals"],
      fv: ["gold", "", ""],
    });
    expect(parsed.filters).toEqual([
      { kind: "profile-property", property: "properties.tier", operator: "equals", value: "gold" },
    ]);
    expect(parsed.errors).toEqual([expect.stringMatching(/^Filter 2 \(spend\): Enter a value/)]);
  });
});

describe("name search (trigram indexes)", () => {
  it("matches a first or last name prefix, or the full name's, case-insensitively", async () => {
    const names = await db.prisma.workspace.create({ data: { name: "Names" } });
    const people: [string, string | null][] = [
      ["Mary Ann", "Smith"],
      ["Jonas", "Yilmaz"],
      ["Jonas", "Becker"],
      ["Yil", null],
    ];
    for (const [index, [firstName, lastName]] of people.entries()) {
      await db.prisma.profile.create({
        data: { workspaceId: names.id, email: `n${index}@example.com`, firstName, lastName },
      });
    }
    const found = async (term: string) =>
      (await searchProfiles({ workspaceId: names.id, term, field: "name", pageSize: 50 })).profiles
        .map((profile) => [profile.firstName, profile.lastName].filter(Boolean).join(" "))
        .sort();
    expect(await found("Jonas Yil")).toEqual(["Jonas Yilmaz"]);
    expect(await found("mary ann sm")).toEqual(["Mary Ann Smith"]);
    expect(await found("Mary Ann")).toEqual(["Mary Ann Smith"]);
    expect(await found("yil")).toEqual(["Jonas Yilmaz", "Yil"]);
    expect(await found("jon")).toEqual(["Jonas Becker", "Jonas Yilmaz"]);
    expect(await found("Jonas Smith")).toEqual([]);
    expect(await found("a_b%")).toEqual([]);
  });
});

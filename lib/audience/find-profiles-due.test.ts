import { beforeAll, describe, expect, it } from "vitest";
import { findProfilesWithDateDue } from "@/lib/audience/find-profiles-due";
import { ensureDateIndex } from "@/lib/engine/date-index";
import { createTestDatabase } from "@/test/database";

// The "Date properties" query: birthdays due in the next N days, yearly, with or without
// a year. Its plan at 1M profiles (a BitmapOr of the month-day index and the properties index) is
// checked by bench/audience.ts; here the answers.

const db = await createTestDatabase();
let workspaceId = "";
const ids: Record<string, string> = {};

const BIRTHDAYS: Record<string, unknown> = {
  inTwoDays: "1990-06-17",
  withTime: "1988-06-15T08:30:00Z", // today
  noYear: "--06-20",
  tooLate: "1985-06-25",
  yesterday: "1979-06-14",
  notADate: "June 16",
  number: 617,
  leap: "2000-02-29",
};

beforeAll(async () => {
  workspaceId = (await db.prisma.workspace.create({ data: { name: "Dates" } })).id;
  const other = (await db.prisma.workspace.create({ data: { name: "Other" } })).id;
  for (const [name, birthday] of Object.entries(BIRTHDAYS)) {
    const profile = await db.prisma.profile.create({
      data: { workspaceId, email: `${name}@example.com`, properties: { birthday } as object },
    });
    ids[name] = profile.id;
  }
  await db.prisma.profile.create({ data: { workspaceId, email: "none@example.com" } });
  await db.prisma.profile.create({
    data: { workspaceId: other, email: "other@example.com", properties: { birthday: "1990-06-16" } },
  });
  await ensureDateIndex(db.pool, "birthday");
});

const namesOf = (rows: { profileId: string }[]) =>
  rows.map((row) => Object.entries(ids).find(([, id]) => id === row.profileId)?.[0]).sort();

describe("profiles with a date due in the next N days, yearly", () => {
  it("finds dates with and without a year in the window, nothing else", async () => {
    const due = await findProfilesWithDateDue({
      workspaceId,
      property: "birthday",
      days: 7,
      now: new Date("2026-06-15T12:00:00Z"),
    });
    expect(namesOf(due)).toEqual(["inTwoDays", "noYear", "withTime"]);
    expect(due.find((row) => row.profileId === ids.noYear)?.monthDay).toBe("06-20");
  });

  it("29 February is due on 28 February in a year without it", async () => {
    const due = await findProfilesWithDateDue({
      workspaceId,
      property: "birthday",
      days: 0,
      now: new Date("2027-02-28T00:00:00Z"),
    });
    expect(namesOf(due)).toEqual(["leap"]);
  });

  it("pages by profile id", async () => {
    const options = { workspaceId, property: "birthday", days: 7, now: new Date("2026-06-15T12:00:00Z") };
    const first = await findProfilesWithDateDue({ ...options, limit: 2 });
    const rest = await findProfilesWithDateDue({ ...options, limit: 2, after: first.at(-1)!.profileId });
    expect(first).toHaveLength(2);
    expect(namesOf([...first, ...rest])).toEqual(["inTwoDays", "noYear", "withTime"]);
    await expect(findProfilesWithDateDue({ ...options, days: 400 })).rejects.toThrow(/0 to 366/);
  });

  it("20,000 birthdays over the year, a tenth without a year: only the window's", async () => {
    const big = (await db.prisma.workspace.create({ data: { name: "Big" } })).id;
    await db.pool.query(
      `insert into profiles (id, workspace_id, email, properties)
       select gen_random_uuid(), $1, 'p' || n || '@example.com',
              jsonb_build_object('birthday', case when n % 10 = 0 then '--' || to_char(date '2001-01-01' + n % 365, 'MM-DD')
                                                  else to_char(date '1970-01-01' + n % 15000, 'YYYY-MM-DD') end)
       from generate_series(1, 20000) n`,
      [big],
    );
    await db.pool.query("analyze profiles");
    const due = await findProfilesWithDateDue({
      workspaceId: big,
      property: "birthday",
      days: 7,
      now: new Date("2026-06-15T00:00:00Z"),
      limit: 20000,
    });
    // 8 month-days of 365: 16 dated and ~2 year-less profiles each (n % 15000 and n % 365 cycles).
    expect(due.length).toBeGreaterThan(300);
    expect(due.length).toBeLessThan(600);
    expect(due.some((row) => row.value.startsWith("--"))).toBe(true);
    expect(due.every((row) => row.monthDay >= "06-15" && row.monthDay <= "06-22")).toBe(true);
  });
});

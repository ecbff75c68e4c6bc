import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { newUserPage, uniqueEmail } from "../shell/helpers";

// A marketer creates a list, imports a small CSV with a bad row and a duplicate (maps the columns,
// reads the summary naming the skipped rows, downloads the error report), sees the members,
// searches one and removes one; then imports 5,000 rows and watches the progress bar move.

test("create a list, import a CSV with a bad row, see members, remove one", async ({ browser }) => {
  const page = await newUserPage(browser, { name: "Lena Lists", email: uniqueEmail("lena") });
  await page.goto("/lists");
  await page.getByLabel("New list name").fill("Newsletter");
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page).toHaveURL(/\/lists\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Newsletter");

  const ada = uniqueEmail("ada");
  const alan = uniqueEmail("alan");
  const csv = `\uFEFFE-mail,First Name,Plan\r\n${ada},Ada,"pro, yearly"\r\nnot-an-email,Bad,free\r\n\r\n${alan},Alan,=1+1\r\n${ada.toUpperCase()},Again,free\r\n`;
  await page.getByLabel("Import a CSV file").setInputFiles({
    name: "members.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  const mapping = page.getByTestId("csv-mapping");
  await expect(mapping).toBeVisible();
  await expect(page.getByLabel("Column E-mail")).toHaveValue("email");
  await expect(page.getByLabel("Column First Name")).toHaveValue("first_name");
  await expect(page.getByLabel("Column Plan")).toHaveValue("property");
  await page.screenshot({ path: "test-results/lists-mapping.png", fullPage: true });
  await page.getByRole("button", { name: "Import", exact: true }).click();

  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
  );
  await expect(page.getByTestId("csv-import-summary")).toHaveText(
    "Import finished: 4 rows read, 2 created, 0 updated, 2 skipped, 2 joined the list.",
  );
  const skippedRows = page.getByTestId("csv-skipped-rows");
  await expect(skippedRows).toContainText("Line 3: Invalid email “not-an-email”");
  await expect(skippedRows).toContainText("Line 6: Duplicate row in the file (same identifier as line 2)");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download error report" }).click();
  expect((await download).suggestedFilename()).toBe("import-errors.csv");
  const report = await readFile((await (await download).path())!, "utf8");
  expect(report).toBe(
    "line,reason,E-mail,First Name,Plan\r\n" +
      "3,Invalid email “not-an-email”,not-an-email,Bad,free\r\n" +
      `6,Duplicate row in the file (same identifier as line 2),${ada.toUpperCase()},Again,free\r\n`,
  );

  const rows = page.getByTestId("member-row");
  await expect(rows).toHaveCount(2);
  await page.screenshot({ path: "test-results/lists-imported.png", fullPage: true });

  await page.getByLabel("Search by email").fill(ada.slice(0, 8));
  await page.getByRole("button", { name: "Search" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(ada);
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(rows).toHaveCount(2);

  await page.getByRole("button", { name: `Remove ${alan}` }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(ada);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Newsletter");
  await page.screenshot({ path: "test-results/lists-after-remove.png", fullPage: true });

  // Several at once: pasted addresses, one invalid (left in the box), one already a member.
  const grace = uniqueEmail("grace");
  await page.getByRole("button", { name: "Paste several addresses…" }).click();
  await page.getByLabel("Email addresses to add").fill(`${grace}\n${alan}, nope\n${ada}`);
  await page.getByRole("button", { name: "Add all" }).click();
  await expect(page.getByTestId("paste-summary")).toHaveText(
    "Added 2 · 1 new profile · 1 already a member · 1 not added",
  );
  await expect(page.getByTestId("paste-not-added")).toHaveText("nope: Not a valid email address");
  await expect(page.getByLabel("Email addresses to add")).toHaveValue("nope");
  await expect(rows).toHaveCount(3);
  await page.screenshot({ path: "test-results/lists-pasted.png", fullPage: true });
});

test("import 5,000 rows and watch the progress bar move through the batches", async ({ browser }) => {
  const page = await newUserPage(browser, { name: "Pia Progress", email: uniqueEmail("pia") });
  await page.goto("/lists");
  await page.getByLabel("New list name").fill("Big import");
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page).toHaveURL(/\/lists\/[0-9a-f-]{36}$/);

  const prefix = uniqueEmail("bulk").split("@")[0];
  const rows = Array.from({ length: 5_000 }, (_, index) => `${prefix}.${index}@example.com,Person ${index}`);
  await page.getByLabel("Import a CSV file").setInputFiles({
    name: "big.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`email,first_name\r\n${rows.join("\r\n")}\r\n`),
  });
  await expect(page.getByTestId("csv-mapping")).toBeVisible();
  // Every value the bar takes, recorded in the page as it changes (progress arrives per 1,000 rows).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"]');
      const value = bar?.getAttribute("aria-valuenow");
      if (value && seen.at(-1) !== value) seen.push(value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute(
    "aria-valuenow",
    "100",
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByTestId("csv-import-summary")).toHaveText(
    "Import finished: 5,000 rows read, 5,000 created, 0 updated, 0 skipped, 5,000 joined the list.",
  );
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen.at(-1)).toBe("100");
  expect(seen.some((value) => Number(value) > 0 && Number(value) < 100)).toBe(true);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Big import");
  await expect(page.getByText("5,000 members.", { exact: false })).toBeVisible();
});

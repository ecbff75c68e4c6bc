import { expect, test } from "@playwright/test";
import { newUserPage, uniqueEmail } from "../shell/helpers";

// A marketer creates a list, imports a small CSV with one bad row (maps the columns, watches the
// progress and reads the summary naming the skipped row), sees the members, searches one and
// removes one.

test("create a list, import a CSV with a bad row, see members, remove one", async ({ browser }) => {
  const page = await newUserPage(browser, { name: "Lena Lists", email: uniqueEmail("lena") });
  await page.goto("/lists");
  await page.getByLabel("New list name").fill("Newsletter");
  await page.getByRole("button", { name: "Create list" }).click();
  await expect(page).toHaveURL(/\/lists\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Newsletter");

  const ada = uniqueEmail("ada");
  const alan = uniqueEmail("alan");
  const csv = `\uFEFFE-mail,First Name,Plan\r\n${ada},Ada,"pro, yearly"\r\nnot-an-email,Bad,free\r\n${alan},Alan,=1+1\r\n`;
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
    "Import finished: 3 rows read, 2 created, 0 updated, 1 skipped, 2 joined the list.",
  );
  await expect(page.getByTestId("csv-skipped-rows")).toContainText("Line 3: Invalid email “not-an-email”");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download error report" }).click();
  expect((await download).suggestedFilename()).toBe("import-errors.csv");

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
});

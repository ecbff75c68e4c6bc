import { expect, test } from "@playwright/test";
import { newUserPage, signUp, uniqueEmail } from "./helpers";

test("an owner invites an existing user and a new one; roles follow the owner rules", async ({ browser }) => {
  const workspaceName = `Acme ${Date.now().toString(36)}`;
  const owner = { name: "Olivia Owner", email: uniqueEmail("olivia"), workspaceName };
  const bob = { name: "Bob Existing", email: uniqueEmail("bob") };
  const carol = { name: "Carol Newcomer", email: uniqueEmail("carol") };
  const ownerPage = await newUserPage(browser, owner);
  const bobPage = await newUserPage(browser, bob);

  // The owner invites Bob (who has an account) as admin, and Carol (who has none) as viewer.
  await ownerPage.goto("/settings/members");
  for (const [email, role] of [
    [bob.email, "admin"],
    [carol.email, "viewer"],
  ] as const) {
    await ownerPage.getByLabel("Email").fill(email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption(role);
    await ownerPage.getByRole("button", { name: "Invite" }).click();
    await expect(ownerPage.getByRole("status")).toContainText(`${email} is invited`);
  }
  const carolLink = await ownerPage.getByRole("status").locator("code").textContent();
  expect(carolLink).toContain(`/sign-up?email=${encodeURIComponent(carol.email)}`);
  await expect(ownerPage.getByTestId("member-row").filter({ hasText: bob.email })).toContainText("Invited");

  // Inviting the same address twice is refused next to the field.
  await ownerPage.getByLabel("Email").fill(bob.email);
  await ownerPage.getByRole("button", { name: "Invite" }).click();
  await expect(ownerPage.getByText(`${bob.email} is already invited`)).toBeVisible();

  // Bob accepts from his workspace menu and lands in Acme as admin.
  await bobPage.goto("/activity");
  await bobPage.getByTestId("workspace-switcher").click();
  await bobPage.getByRole("button", { name: `Accept invitation to ${workspaceName}` }).click();
  await expect(bobPage.getByTestId("workspace-switcher")).toContainText(workspaceName);
  await expect(bobPage.getByTestId("workspace-switcher")).toContainText(/admin/i);

  // As admin, Bob cannot touch the owner and cannot hand out the owner role.
  await bobPage.goto("/settings/members");
  const ownerRow = bobPage.getByTestId("member-row").filter({ hasText: owner.email });
  await expect(ownerRow.getByRole("combobox")).toHaveCount(0);
  await expect(ownerRow.getByRole("button", { name: /remove/i })).toHaveCount(0);
  const carolRole = bobPage.getByLabel(`Role for ${carol.email}`);
  await expect(carolRole.locator("option")).toHaveText(["Admin", "Editor", "Viewer"]);

  // The only owner cannot step down: the refusal is shown and the role stays.
  await ownerPage.reload();
  const ownRole = ownerPage.getByLabel(`Role for ${owner.email}`);
  await ownRole.selectOption("admin");
  await expect(ownerPage.getByText(/is the only owner/)).toBeVisible();
  await expect(ownRole).toHaveValue("owner");

  // Carol signs up through the link and joins Acme directly, with a welcome that says so.
  const carolPage = await (await browser.newContext()).newPage();
  await signUp(carolPage, carol, new URL(carolLink ?? "").pathname + new URL(carolLink ?? "").search);
  await expect(carolPage.getByTestId("welcome-banner")).toContainText(workspaceName);
  await expect(carolPage.getByTestId("workspace-switcher")).toContainText(workspaceName);
  await expect(carolPage.getByTestId("workspace-switcher")).toContainText(/viewer/i);
  await carolPage.goto("/settings/members");
  await expect(carolPage.getByTestId("read-only-note")).toBeVisible();
  await expect(carolPage.getByRole("button", { name: "Invite" })).toHaveCount(0);
});

test("a workspace switch shows the other workspace's data", async ({ browser }) => {
  const page = await newUserPage(browser, {
    name: "Sam Switch",
    email: uniqueEmail("sam"),
    workspaceName: "First",
  });
  await page.getByTestId("workspace-switcher").click();
  await page.getByRole("button", { name: "New workspace" }).click();
  await page.getByLabel("Workspace name").fill("Second");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("workspace-switcher")).toContainText("Second");
  await page.goto("/settings/api-keys");
  await expect(page.getByText("Workspace Second")).toBeVisible();
  await page.getByTestId("workspace-switcher").click();
  await page.getByRole("button", { name: /^First/ }).click();
  await expect(page.getByText("Workspace First")).toBeVisible();
});

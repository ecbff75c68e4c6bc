import { expect, type Locator, type Page } from "@playwright/test";

// Monaco in Playwright: `fill()` does not reach its model and `type()` is mangled by auto-closing
// and completion. `typeIntoMonaco` types one line as the user would (insertText: one input
// event); `setMonacoText` replaces the whole text through the editor's API (the component's test
// seam), because multi-line keyboard input is re-indented by Monaco.

export async function typeIntoMonaco(page: Page, editor: Locator, line: string): Promise<void> {
  await expect(editor.locator(".monaco-editor")).toBeVisible();
  await editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(line);
}

export async function setMonacoText(_page: Page, editor: Locator, text: string): Promise<void> {
  await expect(editor.locator(".monaco-editor")).toBeVisible();
  await editor.evaluate((element, value) => {
    const seam = element as HTMLElement & { hookflowEditor?: { setValue: (text: string) => void } };
    if (!seam.hookflowEditor) throw new Error("The Monaco editor is not mounted");
    seam.hookflowEditor.setValue(value);
  }, text);
}

/** The editor's text, from its model (rendered lines are wrapped and only partly drawn). */
export async function monacoText(editor: Locator): Promise<string> {
  return editor.evaluate((element) => {
    const seam = element as HTMLElement & { hookflowEditor?: { getValue: () => string } };
    if (!seam.hookflowEditor) throw new Error("The Monaco editor is not mounted");
    return seam.hookflowEditor.getValue();
  });
}

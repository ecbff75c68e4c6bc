// The function page's tabs, shared by the page (which reads ?tab= on the server) and the client tabs.

export const EDITOR_TABS = [
  { id: "code", label: "Code" },
  { id: "settings", label: "Settings" },
  { id: "env", label: "Environment variables" },
  { id: "test", label: "Test" },
  { id: "logs", label: "Logs" },
] as const;

export type TEditorTab = (typeof EDITOR_TABS)[number]["id"];

export function isEditorTab(value: unknown): value is TEditorTab {
  return EDITOR_TABS.some((tab) => tab.id === value);
}

import type { ReactNode } from "react";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { requirePageWorkspace } from "../_lib/page-context";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { workspace } = await requirePageWorkspace();
  return (
    <Page>
      <PageHeader title="Settings" description={`Workspace ${workspace.name}`} />
      <SettingsTabs />
      {children}
    </Page>
  );
}

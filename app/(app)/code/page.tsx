import type { Metadata } from "next";
import { ComingSoon } from "@/components/app-shell/coming-soon";
import { Page, PageHeader } from "@/components/app-shell/page-header";
import { IconCode } from "@/components/ui/icons";
import { requirePageWorkspace } from "../_lib/page-context";

export const metadata: Metadata = { title: "Code" };

export default async function CodePage() {
  await requirePageWorkspace();
  return (
    <Page>
      <PageHeader
        title="Code"
        description="Functions that run on events, call any API and write results back to profiles."
      />
      <ComingSoon
        icon={<IconCode className="size-5" />}
        title="Code functions arrive with the sandboxed runtime"
        what="JavaScript and Python functions written in an in-browser editor, subscribed to metrics or placed in a flow."
        points={[
          "Triggered by events, including message events except Opened Email and Received Email.",
          "Run in a sandbox with time and memory limits (a runaway loop never stalls the server), with encrypted environment variables.",
          "Any HTTP method to any number of endpoints; responses can be read and written back, e.g. as a profile property.",
          "Test against recent real events, and read each invocation's logs.",
        ]}
      />
    </Page>
  );
}

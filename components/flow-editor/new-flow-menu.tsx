"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { buttonClasses } from "@/components/ui/button";
import { IconPlus } from "@/components/ui/icons";
import { Popover, PopoverItem, PopoverLabel } from "@/components/ui/popover";
import { createFlowAction } from "@/lib/actions/flow-actions";
import { FLOW_TEMPLATE_IDS, FLOW_TEMPLATES, type TFlowTemplateId } from "@/lib/flows/flow-templates";

/** "New flow": blank or from a template; opens the editor on the new draft. */
export function NewFlowMenu() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function create(template: TFlowTemplateId) {
    setError(null);
    startTransition(async () => {
      const result = await createFlowAction({ template });
      if (!result.ok) return setError(result.error);
      router.push(`/flows/${result.data.flowId}`);
    });
  }

  return (
    <div className="flex items-center gap-2">
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
      <Popover
        trigger={
          <>
            <IconPlus /> {isPending ? "Creating…" : "New flow"}
          </>
        }
        triggerLabel="New flow"
        triggerClassName={buttonClasses({ variant: "primary" })}
        align="end"
        testId="new-flow-button"
        panelClassName="w-80"
      >
        {(close) => (
          <>
            <PopoverLabel>Start from</PopoverLabel>
            {FLOW_TEMPLATE_IDS.map((template) => (
              <PopoverItem
                key={template}
                disabled={isPending}
                onClick={() => {
                  close();
                  create(template);
                }}
              >
                <span>
                  <span className="block font-medium text-zinc-900">
                    {template === "blank" ? "Blank flow" : FLOW_TEMPLATES[template].name}
                  </span>
                  <span className="block text-xs text-zinc-500">{FLOW_TEMPLATES[template].description}</span>
                </span>
              </PopoverItem>
            ))}
          </>
        )}
      </Popover>
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { IconPlus } from "@/components/ui/icons";
import { useFormAction } from "@/components/ui/use-form-action";
import { createCodeFunctionAction } from "@/lib/actions/code-actions";
import { CODE_TEMPLATE_LABELS, CODE_TEMPLATES, type TCodeTemplate } from "@/lib/code/functions/templates";

const DEFAULT_NAMES: Record<TCodeTemplate, string> = {
  blank: "New function",
  "locale-write-back": "Save customer locale",
};

/** "New function": name, language and a template; opens the editor on the new draft. */
export function NewFunctionDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [template, setTemplate] = useState<TCodeTemplate>("locale-write-back");
  const [name, setName] = useState(DEFAULT_NAMES["locale-write-back"]);
  const form = useFormAction(createCodeFunctionAction, {
    onSuccess: ({ functionId }) => router.push(`/code/${functionId}`),
  });

  return (
    <>
      <Button
        variant="primary"
        icon={<IconPlus />}
        onClick={() => {
          form.reset();
          setOpen(true);
        }}
      >
        New function
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New function"
        description="Starts as a draft: nothing runs until you deploy it."
      >
        <form onSubmit={form.onSubmit} noValidate className="space-y-4">
          <SelectField
            label="Template"
            name="template"
            value={template}
            onChange={(event) => {
              const next = event.target.value as TCodeTemplate;
              if (name === DEFAULT_NAMES[template]) setName(DEFAULT_NAMES[next]);
              setTemplate(next);
            }}
            error={form.fieldErrors.template}
            hint={
              template === "locale-write-back"
                ? "Reads customer_locale from each Placed Order and saves it as the profile's locale."
                : undefined
            }
          >
            {CODE_TEMPLATES.map((id) => (
              <option key={id} value={id}>
                {CODE_TEMPLATE_LABELS[id]}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Name"
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            required
            error={form.fieldErrors.name}
          />
          <SelectField
            label="Language"
            name="language"
            defaultValue="javascript"
            error={form.fieldErrors.language}
          >
            <option value="javascript">JavaScript</option>
            <option value="python">Python</option>
          </SelectField>
          <FormError>{form.error}</FormError>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={form.pending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={form.pending}>
              Create function
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}

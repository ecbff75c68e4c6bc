"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { testRunFlowAction } from "@/lib/actions/run-actions";

/** "Test with profile…": starts a test run for one profile and opens its run page. */
export function TestRunDialog({ flowId, isOff }: { flowId: string; isOff: boolean }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const form = useFormAction(testRunFlowAction, {
    onSuccess: ({ runId }) => {
      setOpen(false);
      router.push(`/flows/${flowId}/runs/${runId}`);
    },
  });

  return (
    <>
      <Button
        onClick={() => {
          form.reset();
          setOpen(true);
        }}
      >
        Test with profile…
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Test the flow with a profile"
        description={
          isOff
            ? "The flow is off: the test runs its latest version. Test runs skip the re-entry rule but not the flow filters."
            : "The test runs the live version for this profile now. Test runs skip the re-entry rule but not the flow filters."
        }
      >
        <form onSubmit={form.onSubmit} noValidate className="space-y-4">
          <input type="hidden" name="flowId" value={flowId} />
          <TextField
            label="Profile id or email"
            name="profile"
            placeholder="ada@example.com"
            autoComplete="off"
            required
            error={form.fieldErrors.profile}
          />
          <FormError>{form.error}</FormError>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={form.pending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={form.pending}>
              Start test run
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}

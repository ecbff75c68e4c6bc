"use client";

import { useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { AbsoluteTime } from "@/components/ui/time";
import { useServerAction } from "@/components/ui/use-server-action";
import { revealSigningSecretAction, rotateSigningSecretAction } from "@/lib/actions/event-webhook-actions";

type TRevealed = { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null };

const MASKED = `whsec_${"•".repeat(32)}`;

/**
 * The endpoint's `whsec_` secret: hidden until an admin asks (the page never renders it, the
 * reveal action returns it), and rotated with a 24 h overlap during which both secrets sign.
 */
export function SigningSecretCard({
  webhookId,
  canManage,
  previousSecretExpiresAt,
}: {
  webhookId: string;
  canManage: boolean;
  /** ISO time until which a rotated-out secret still signs, or null. */
  previousSecretExpiresAt: string | null;
}) {
  const [revealed, setRevealed] = useState<TRevealed | null>(null);
  const [isRotateOpen, setRotateOpen] = useState(false);
  const reveal = useServerAction();
  const rotate = useServerAction();

  function rotateNow() {
    rotate.run(() => rotateSigningSecretAction({ webhookId }), {
      notice: () => "New secret created. The previous one keeps signing for 24 hours.",
      onSuccess: (data) => {
        setRotateOpen(false);
        // The previous secret is still valid, but only a new reveal shows it (never kept here).
        setRevealed({ secret: data.secret, previousSecret: null, previousSecretExpiresAt: null });
      },
    });
  }

  return (
    <Card>
      <CardHeader
        title="Signing secret"
        description="Receivers verify each request's webhook-signature with this secret (standardwebhooks or svix libraries)."
        actions={
          canManage ? (
            <>
              {revealed ? (
                <Button size="sm" onClick={() => setRevealed(null)}>
                  Hide
                </Button>
              ) : (
                <Button
                  size="sm"
                  pending={reveal.pending}
                  onClick={() =>
                    reveal.run(() => revealSigningSecretAction({ webhookId }), { onSuccess: setRevealed })
                  }
                >
                  Reveal
                </Button>
              )}
              <Button
                size="sm"
                onClick={() => {
                  rotate.clear();
                  setRotateOpen(true);
                }}
              >
                Rotate secret
              </Button>
            </>
          ) : null
        }
      />
      <div className="space-y-3 px-4 py-3">
        {canManage ? (
          <div className="flex items-center gap-2">
            <code
              data-testid="signing-secret"
              data-revealed={String(revealed !== null)}
              className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-1.5 font-mono text-xs break-all select-all"
            >
              {revealed?.secret ?? MASKED}
            </code>
            {revealed ? <CopyButton text={revealed.secret} label="Copy secret" /> : null}
          </div>
        ) : (
          <p className="text-[13px] text-zinc-500">
            Only admins and owners can see and rotate the signing secret.
          </p>
        )}
        {revealed?.previousSecret ? (
          <div className="space-y-1">
            <p className="text-xs text-zinc-500">
              Previous secret, still signing until{" "}
              {revealed.previousSecretExpiresAt ? (
                <AbsoluteTime value={revealed.previousSecretExpiresAt} />
              ) : (
                "—"
              )}
            </p>
            <code
              data-testid="previous-signing-secret"
              className="block rounded-md border border-zinc-200 bg-zinc-50 px-2.5 py-1.5 font-mono text-xs break-all text-zinc-500 select-all"
            >
              {revealed.previousSecret}
            </code>
          </div>
        ) : previousSecretExpiresAt ? (
          <p className="text-xs text-zinc-500" data-testid="rotation-overlap">
            Rotated recently: requests carry the previous secret's signature too until{" "}
            <AbsoluteTime value={previousSecretExpiresAt} />.
          </p>
        ) : null}
        <ActionFeedback error={reveal.error} notice={rotate.notice} />
      </div>
      <Dialog
        open={isRotateOpen}
        onClose={() => setRotateOpen(false)}
        title="Rotate the signing secret?"
        description="A new whsec_ secret signs every request from now on. The current secret stays valid for 24 hours — each request carries both signatures — so you can deploy the new one to your receiver without dropping a request. Rotating again within those 24 hours retires the older secret at once."
      >
        <ActionFeedback error={rotate.error} notice={null} />
        <DialogActions>
          <Button onClick={() => setRotateOpen(false)} disabled={rotate.pending}>
            Cancel
          </Button>
          <Button variant="primary" pending={rotate.pending} onClick={rotateNow}>
            Rotate now
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}

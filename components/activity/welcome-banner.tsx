import Link from "next/link";

/** Shown once after sign-up (?joined=1 or ?welcome=1 on the first page). */
export function WelcomeBanner({
  kind,
  workspaceName,
}: {
  kind: "joined" | "created";
  workspaceName: string;
}) {
  return (
    <div
      role="status"
      data-testid="welcome-banner"
      className="mb-4 rounded-lg border border-accent-200 bg-accent-50 px-4 py-3 text-[13px] text-accent-700"
    >
      {kind === "joined" ? (
        <>
          Welcome! Your invitation was accepted: you are now a member of <strong>{workspaceName}</strong>.
        </>
      ) : (
        <>
          Welcome! <strong>{workspaceName}</strong> is ready. Create an{" "}
          <Link href="/settings/api-keys" className="font-medium underline">
            API key
          </Link>{" "}
          and send your first event.
        </>
      )}
    </div>
  );
}

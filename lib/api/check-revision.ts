import { invalid } from "@/lib/errors";

// Klaviyo versions its API by a `revision` header (e.g. "2026-07-15", "2024-10-15.pre").
// Hookflow implements one shape — that of revision 2026-07-15, the one klaviyo-api@23 sends —
// and answers every well-formed revision with it: the endpoints here have not changed shape in
// the revisions Klaviyo still supports. A missing header is accepted (Klaviyo would refuse it) so
// hand-written integrations work; a malformed one is refused so typos do not go unnoticed.
export const IMPLEMENTED_REVISION = "2026-07-15";

const REVISION_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(\.[a-z]+)?$/;

export function checkRevision(header: string | null): void {
  if (header === null || header.trim() === "") return;
  const match = REVISION_PATTERN.exec(header.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (
    !match ||
    !date ||
    date.getUTCDate() !== Number(match[3]) ||
    date.getUTCMonth() !== Number(match[2]) - 1
  ) {
    throw invalid(
      `The revision header must be a date like ${IMPLEMENTED_REVISION} (optionally with a suffix such as .pre)`,
      "revision",
    );
  }
}

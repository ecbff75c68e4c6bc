import { getListOrThrowForMembers } from "@/lib/audience/list-import/list-join";
import { type TImportRow, writeImportBatch } from "@/lib/audience/list-import/write-import-batch";
import { toProfileChanges, ZEmail } from "@/lib/audience/profile-input";
import { invalid } from "@/lib/errors";

// "Add several" on a list page: pasted email addresses (one per line, or separated by commas,
// semicolons or spaces) join the list in one go — the bulk counterpart of adding one by email, and
// the small counterpart of a CSV import, written the same way (writeImportBatch: profiles created
// when new, one transaction, the one join path, flows once per join).

export const MAX_PASTED_EMAILS = 1000;

export type TPastedEmailsResult = {
  /** Profiles that joined the list now. */
  added: number;
  /** Profiles created for addresses no profile had. */
  created: number;
  alreadyMembers: number;
  /** Addresses not added, with the reason (invalid, or owned ambiguously). */
  notAdded: { email: string; reason: string }[];
};

export async function addMembersByEmails(options: {
  workspaceId: string;
  listId: string;
  text: string;
}): Promise<TPastedEmailsResult> {
  const list = await getListOrThrowForMembers(options);
  const entries = options.text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw invalid("Paste at least one email address", "emails");
  if (entries.length > MAX_PASTED_EMAILS) {
    throw invalid(
      `At most ${MAX_PASTED_EMAILS.toLocaleString("en")} addresses at a time: import a CSV for more`,
      "emails",
    );
  }
  const notAdded: TPastedEmailsResult["notAdded"] = [];
  const seen = new Set<string>();
  const rows: TImportRow[] = [];
  for (const [index, entry] of entries.entries()) {
    const email = ZEmail.safeParse(entry);
    if (!email.success) {
      notAdded.push({ email: entry, reason: "Not a valid email address" });
      continue;
    }
    if (seen.has(email.data)) continue; // the same person pasted twice joins once
    seen.add(email.data);
    const changes = toProfileChanges({ type: "profile", attributes: { email: email.data } });
    rows.push({
      line: index + 1,
      fields: [entry],
      request: { workspaceId: options.workspaceId, changes, pointer: "/emails" },
    });
  }
  if (rows.length === 0) return { added: 0, created: 0, alreadyMembers: 0, notAdded };
  const written = await writeImportBatch({ workspaceId: options.workspaceId, listId: list.id, rows });
  for (const row of written.skipped) notAdded.push({ email: row.fields[0] ?? "", reason: row.reason });
  return {
    added: written.joined,
    created: written.created,
    alreadyMembers: written.created + written.updated - written.joined,
    notAdded,
  };
}

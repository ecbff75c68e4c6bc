// The list write paths this module uses, re-exported in one place: every join goes through
// joinProfilesToList (addProfilesToList for API-shaped documents; writeImportBatch inside its own
// transaction): flows start once per join, segments re-evaluate.

export {
  addProfilesToList,
  MAX_LIST_MEMBER_CHANGES,
  removeProfilesFromList,
} from "@/lib/audience/list-members";
export { getListOrThrow as getListOrThrowForMembers } from "@/lib/audience/lists";

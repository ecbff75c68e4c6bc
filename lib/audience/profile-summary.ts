import type { Prisma } from "@/lib/generated/prisma/client";

/** The profile fields lists show beside an event or a run (who it was). */
export const PROFILE_SUMMARY_SELECT = {
  id: true,
  email: true,
  phoneNumber: true,
  externalId: true,
  firstName: true,
  lastName: true,
} satisfies Prisma.ProfileSelect;

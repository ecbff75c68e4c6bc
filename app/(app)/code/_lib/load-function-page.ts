import "server-only";
import { notFound } from "next/navigation";
import { PROFILE_SUMMARY_SELECT } from "@/lib/audience/profile-summary";
import {
  getCodeFunction,
  getInvocation,
  listInvocations,
  listRecentTopicEvents,
  listTopicChoices,
} from "@/lib/code/functions/queries";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

// Everything the function page shows, read in parallel. The Code list's queries live in
// lib/code/functions/queries.ts; this file only adds what the page needs around them (who a
// profile is, which flow a run belongs to, the sources of recent versions).

/** Versions whose source travels with the page (the Versions dialog's read-only view). */
const VERSIONS_WITH_SOURCE = 20;
const PROFILE_CHOICES = 10;
const INVOCATIONS_SHOWN = 50;

type TProfileSummary = {
  id: string;
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
};

export function profileLabel(profile: TProfileSummary): string {
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(" ");
  const identifier = profile.email ?? profile.phoneNumber ?? profile.externalId ?? profile.id;
  return name ? `${name} <${identifier}>` : identifier;
}

async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof HookflowError && error.code === "not_found") notFound();
    throw error;
  }
}

export async function loadFunctionPage(options: {
  workspaceId: string;
  functionId: string;
  invocationId: string | null;
}) {
  const { workspaceId, functionId } = options;
  if (!isUuid(functionId)) notFound();
  const fn = await orNotFound(getCodeFunction({ workspaceId, functionId }));
  const [metrics, recentEvents, recentProfiles, invocationPage, selected, versionSources] = await Promise.all(
    [
      listTopicChoices({ workspaceId }),
      listRecentTopicEvents({ workspaceId, functionId }),
      prisma.profile.findMany({
        where: { workspaceId },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: PROFILE_CHOICES,
        select: PROFILE_SUMMARY_SELECT,
      }),
      listInvocations({ workspaceId, functionId, pageSize: INVOCATIONS_SHOWN }),
      options.invocationId && isUuid(options.invocationId)
        ? getInvocation({ workspaceId, invocationId: options.invocationId }).catch((error: unknown) => {
            if (error instanceof HookflowError && error.code === "not_found") return null;
            throw error;
          })
        : null,
      prisma.codeFunctionVersion.findMany({
        where: {
          workspaceId,
          functionId,
          id: { in: fn.versions.slice(0, VERSIONS_WITH_SOURCE).map((v) => v.id) },
        },
        select: { id: true, source: true },
      }),
    ],
  );

  const invocations = invocationPage.invocations;
  const profileIds = [...new Set(invocations.flatMap((row) => (row.profileId ? [row.profileId] : [])))];
  const runIds = [...new Set(invocations.flatMap((row) => (row.runId ? [row.runId] : [])))];
  const creatorIds = [...new Set(fn.versions.flatMap((v) => (v.createdById ? [v.createdById] : [])))];
  const [invocationProfiles, runs, creators] = await Promise.all([
    profileIds.length
      ? prisma.profile.findMany({
          where: { workspaceId, id: { in: profileIds } },
          select: PROFILE_SUMMARY_SELECT,
        })
      : [],
    runIds.length
      ? prisma.run.findMany({
          where: { workspaceId, id: { in: runIds } },
          select: { id: true, flowId: true },
        })
      : [],
    creatorIds.length
      ? prisma.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true } })
      : [],
  ]);

  return {
    fn,
    metrics,
    recentEvents,
    recentProfiles,
    invocations,
    selectedInvocation: selected && selected.functionId === functionId ? selected : null,
    versionSources: new Map(versionSources.map((version) => [version.id, version.source])),
    profilesById: new Map(invocationProfiles.map((profile) => [profile.id, profile])),
    flowIdByRun: new Map(runs.map((run) => [run.id, run.flowId])),
    creatorNames: new Map(creators.map((user) => [user.id, user.name])),
  };
}

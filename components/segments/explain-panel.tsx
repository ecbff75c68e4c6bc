"use client";

import { useState } from "react";
import { describeCondition } from "@/components/segments/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useServerAction } from "@/components/ui/use-server-action";
import { explainSegmentMembershipAction } from "@/lib/actions/segment-actions";
import type { TSegmentExplanation } from "@/lib/audience/segments/explain-segment-membership";

/** "Why is this profile in it?": each condition, matched or not, for one profile (id from the members table). */
export function ExplainPanel({
  segmentId,
  names,
  initialProfileId,
}: {
  segmentId: string;
  names: Record<string, string>;
  initialProfileId: string | null;
}) {
  const [profileId, setProfileId] = useState(initialProfileId ?? "");
  const [explanation, setExplanation] = useState<TSegmentExplanation | null>(null);
  const action = useServerAction();
  const nameMap = new Map(Object.entries(names));

  function explain(id: string) {
    action.run(() => explainSegmentMembershipAction({ segmentId, profileId: id.trim() }), {
      onSuccess: (data) => setExplanation(data),
    });
  }

  return (
    <div className="space-y-3 px-4 py-3" data-testid="segment-explanation">
      <form
        className="flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          explain(profileId);
        }}
      >
        <TextField
          label="Profile id"
          hint="Pick “Why?” on a member, or paste any profile's id"
          value={profileId}
          onChange={(event) => setProfileId(event.target.value)}
          className="w-96"
        />
        <Button type="submit" pending={action.pending}>
          Explain
        </Button>
      </form>
      <FormError>{action.error}</FormError>
      {explanation ? (
        <div className="space-y-2 text-[13px]">
          <p>
            <span className="font-medium">{explanation.profile.email ?? explanation.profile.id}</span>{" "}
            {explanation.isMember ? "is a member" : "is not a member"}
            {explanation.matchesNow !== explanation.isMember
              ? explanation.matchesNow
                ? " — but matches now (the next computation adds it)"
                : " — but no longer matches (the next computation removes it)"
              : ""}
            . The segment needs {explanation.match} of its groups.
          </p>
          {explanation.groups.map((group, groupIndex) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in the definition's fixed order
            <div key={groupIndex} className="rounded-md border border-zinc-200 p-2">
              <p className="mb-1 flex items-center gap-2 text-zinc-600">
                Group {groupIndex + 1} ({group.match} of)
                <Badge tone={group.matched ? "green" : "neutral"}>
                  {group.matched ? "matched" : "not matched"}
                </Badge>
              </p>
              <ul className="space-y-1">
                {group.conditions.map((entry, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in the definition's fixed order
                  <li key={index} className="flex items-center gap-2" data-testid="explained-condition">
                    <Badge tone={entry.matched ? "green" : "red"}>
                      {entry.matched ? "✓ matched" : "✗ not matched"}
                    </Badge>
                    <span>{describeCondition(entry.condition, nameMap)}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

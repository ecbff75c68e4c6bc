-- Issue 7: profile search at 1M profiles, and the first computation of a large segment.

-- Name search: trigram GIN indexes serve ILIKE 'prefix%' (and '%part%') on each name column.
-- pg_trgm is a trusted extension (the database owner may create it) shipped with PostgreSQL.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "profiles_first_name_idx" ON "profiles" USING GIN ("first_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "profiles_last_name_idx" ON "profiles" USING GIN ("last_name" gin_trgm_ops);

-- Property filters: "equals" is containment (properties @> '{"key": value}'), which a
-- jsonb_path_ops GIN index serves (smaller than jsonb_ops, exact for @>; no key-existence).
-- CreateIndex
CREATE INDEX "profiles_properties_idx" ON "profiles" USING GIN ("properties" jsonb_path_ops);

-- segment_memberships keeps no foreign keys: each was a per-row check (a lookup and a row lock)
-- on every inserted member, 13.1 s of a 333k-member first computation with all three. Cleanup is
-- explicit instead: deleteSegment deletes a segment's members, and the trigger below deletes a
-- deleted profile's (a workspace's deletion cascades to its profiles, so it fires there too).
ALTER TABLE "segment_memberships" DROP CONSTRAINT "segment_memberships_workspace_id_fkey";
ALTER TABLE "segment_memberships" DROP CONSTRAINT "segment_memberships_segment_id_fkey";
ALTER TABLE "segment_memberships" DROP CONSTRAINT "segment_memberships_profile_id_fkey";

-- Once per DELETE statement, with the deleted rows as a table. FOR SHARE on the workspace's
-- segments waits for a running full recompute (it holds its segment FOR NO KEY UPDATE) and keeps
-- new ones out until this transaction ends, so a recompute that read the profile before it was
-- deleted cannot insert a membership after this cleanup. Incremental writers hold the profile's
-- row (an update or an event's foreign key), so the DELETE itself waits for them.
CREATE FUNCTION "delete_segment_memberships_of_deleted_profiles"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM segments s
  WHERE s.workspace_id IN (SELECT DISTINCT d.workspace_id FROM deleted_profiles d)
  ORDER BY s.id
  FOR SHARE OF s;
  DELETE FROM segment_memberships sm USING deleted_profiles d WHERE sm.profile_id = d.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER "profiles_delete_segment_memberships"
AFTER DELETE ON "profiles"
REFERENCING OLD TABLE AS deleted_profiles
FOR EACH STATEMENT EXECUTE FUNCTION "delete_segment_memberships_of_deleted_profiles"();

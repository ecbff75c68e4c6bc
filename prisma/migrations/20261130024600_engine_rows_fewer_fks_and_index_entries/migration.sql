-- Per delivered event the engine inserts a run, two steps and a code invocation. Each foreign key
-- on them is a per-row lookup plus a KEY SHARE lock on the parent row; for workspace_id that
-- parent is the one hot workspace row every concurrent transaction locks (multixacts). These
-- three keys enforce nothing the deletion paths need: a workspace's runs are deleted through
-- their flows and profiles (both cascade from the workspace), its steps through their runs, its
-- invocations through their functions (engine-row-cleanup.test.ts holds every path).
ALTER TABLE "runs" DROP CONSTRAINT "runs_workspace_id_fkey";
ALTER TABLE "steps" DROP CONSTRAINT "steps_workspace_id_fkey";
ALTER TABLE "code_invocations" DROP CONSTRAINT "code_invocations_workspace_id_fkey";

-- Nothing reads invocations by workspace and time (the Logs tab reads by function, retention by
-- id); the index served the workspace key's cascade, gone with it.
DROP INDEX "code_invocations_workspace_id_created_at_idx";

-- Only event-subscribed invocations have a dispatch key; a flow step's or a test run's (null)
-- got an entry in the unique index that nothing reads. ON CONFLICT names this predicate.
DROP INDEX "code_invocations_function_id_dispatch_key_key";
CREATE UNIQUE INDEX "code_invocations_function_id_dispatch_key_key" ON "code_invocations"("function_id", "dispatch_key")
  WHERE "dispatch_key" IS NOT NULL;

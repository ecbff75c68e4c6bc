-- A workspace-level ceiling for code function limits (issue 6: "configurable per workspace within
-- server maxima"). {} means the server maxima apply.
ALTER TABLE "workspaces" ADD COLUMN "code_limits" JSONB NOT NULL DEFAULT '{}';

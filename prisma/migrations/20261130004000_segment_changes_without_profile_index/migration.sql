-- Nothing reads a segment's history by profile (the segment page reads it by segment and time),
-- and this index was the largest single cost of a large segment's first computation: 611k
-- history rows took 15.5 s to insert with it and 6.6 s without (bench:audience database, 1M
-- profiles, loaded box) — its inserts land at random leaf pages.
-- DropIndex
DROP INDEX "segment_membership_changes_profile_id_at_idx";

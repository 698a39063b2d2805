-- A hold carries the rank Matching gave the group (when it counts as having started waiting, its needs counted as hours
-- already waited), so Offers ranks holds for a seat cut without knowing how priorities are made.
ALTER TABLE seat_hold ADD COLUMN ranks_from timestamptz;
UPDATE seat_hold SET ranks_from = submitted_at - need_weight * interval '1 hour';
ALTER TABLE seat_hold ALTER COLUMN ranks_from SET NOT NULL;
ALTER TABLE seat_hold DROP COLUMN need_weight;

-- Where a movement left from (through its offer), so the map can draw it from origin to destination. Rows counted before
-- this was kept have none; a rebuild fills them in from the history.
ALTER TABLE site_departure ADD COLUMN offer_id uuid;

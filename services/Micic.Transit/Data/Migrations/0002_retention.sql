-- Erased people keep their ids, nationality, needs and the times of their journey, not their names or screening notes.
ALTER TABLE expected_person ALTER COLUMN given_name DROP NOT NULL, ALTER COLUMN family_name DROP NOT NULL;
ALTER TABLE arrival ALTER COLUMN given_name DROP NOT NULL, ALTER COLUMN family_name DROP NOT NULL;
CREATE INDEX arrival_person ON arrival (person_id);
CREATE INDEX arrival_walk_in_retention ON arrival (arrived_at) WHERE walk_in AND request_id IS NULL AND onward_request_id IS NULL AND given_name IS NOT NULL;

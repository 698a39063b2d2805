-- A matched group is on its manifest at once, counted, while its people's details are still on their way from Requests.
ALTER TABLE manifest_group ADD COLUMN awaiting_people int NOT NULL DEFAULT 0;

-- Erased passengers keep their ids, nationality and boarding, not their names or documents.
ALTER TABLE passenger ALTER COLUMN given_name DROP NOT NULL, ALTER COLUMN family_name DROP NOT NULL;

-- The audit of reads is the shared personal_data_access (with the people read), announced across services.
INSERT INTO personal_data_access (id, at, organisation_id, purpose, person_ids, manifest_id)
SELECT gen_random_uuid(), r.at, r.organisation_id, r.purpose, ARRAY(SELECT p.person_id FROM passenger p WHERE p.manifest_id = r.manifest_id), r.manifest_id
FROM personal_data_read r;
DROP TABLE personal_data_read;

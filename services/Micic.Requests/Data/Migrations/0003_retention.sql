-- When a journey ended (completed or cancelled): its personal data is erased a retention period later.
ALTER TABLE evacuation_request
    ADD COLUMN journey_ended_at        timestamptz,
    ADD COLUMN personal_data_erased_at timestamptz;
UPDATE evacuation_request r
SET journey_ended_at = coalesce(r.cancelled_at, (SELECT max(h.at) FROM request_status_history h WHERE h.request_id = r.id AND h.status = r.status))
WHERE r.status IN ('completed', 'cancelled');
CREATE INDEX evacuation_request_retention ON evacuation_request (journey_ended_at) WHERE personal_data_erased_at IS NULL;

-- Erased people keep their ids, nationality, sex, needs and the times of their journey, not their names.
ALTER TABLE person ALTER COLUMN given_name DROP NOT NULL, ALTER COLUMN family_name DROP NOT NULL;

-- The audit of reads is the shared personal_data_access (with the people read), announced across services.
INSERT INTO personal_data_access (id, at, organisation_id, purpose, person_ids, request_id)
SELECT gen_random_uuid(), r.at, r.organisation_id, r.purpose, ARRAY(SELECT p.id FROM person p WHERE p.request_id = r.request_id), r.request_id
FROM personal_data_read r;
DROP TABLE personal_data_read;

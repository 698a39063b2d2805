-- Who was shown, or erased, whose personal data, and why: ids and counts, never the data. Written in the unit of work
-- of the read; nothing updates or deletes it.
CREATE TABLE personal_data_access (
    id              uuid PRIMARY KEY,
    at              timestamptz NOT NULL,
    organisation_id text        NOT NULL,
    purpose         text        NOT NULL,
    person_ids      uuid[]      NOT NULL,
    request_id      uuid,
    manifest_id     uuid,
    site_code       text
);
CREATE INDEX personal_data_access_person ON personal_data_access USING gin (person_ids);

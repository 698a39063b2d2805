-- Every read (and erasure) of personal data across services, as each service announced it: ids and counts, never the
-- data. Kept apart from the figures: a rebuild of the figures never touches it, and nothing updates or deletes it.
CREATE TABLE audit_trail (
    access_id       uuid PRIMARY KEY,
    at              timestamptz NOT NULL,
    service         text        NOT NULL,
    organisation_id text        NOT NULL,
    purpose         text        NOT NULL,
    person_ids      uuid[]      NOT NULL,
    request_id      uuid,
    manifest_id     uuid,
    site_code       text
);
CREATE INDEX audit_trail_at ON audit_trail (at, access_id);
CREATE INDEX audit_trail_person ON audit_trail USING gin (person_ids);
CREATE INDEX audit_trail_organisation ON audit_trail (organisation_id, at);

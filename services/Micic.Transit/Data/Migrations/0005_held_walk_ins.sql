-- Who registered a walk-in (the registrant ticket's person) and who sent it (the caller): not the same when a colleague
-- sends a queue left on a device.
ALTER TABLE arrival
    ADD COLUMN registered_by_id   text,
    ADD COLUMN registered_by_name text,
    ADD COLUMN sent_by_id         text,
    ADD COLUMN sent_by_name       text;

-- A walk-in registered by a person disabled since: not an arrival until a colleague of the organisation at the site (or a
-- coordinator) reviews it. The submission (personal data) is kept only while it waits; accepting or discarding it erases
-- it here. The same table as Requests' held families.
CREATE TABLE held_submission (
    id                uuid PRIMARY KEY,
    organisation_id   text        NOT NULL,
    site_code         text,
    registrant_id     text        NOT NULL,
    registrant_name   text        NOT NULL,
    registered_at     timestamptz NOT NULL,
    sent_by_id        text        NOT NULL,
    sent_by_name      text        NOT NULL,
    received_at       timestamptz NOT NULL,
    held_because      text        NOT NULL,
    submission        jsonb,
    person_ids        uuid[]      NOT NULL,
    status            text        NOT NULL CHECK (status IN ('held', 'accepted', 'discarded')),
    accepted_as       uuid REFERENCES arrival (id),
    reviewed_by_id    text,
    reviewed_by_name  text,
    reviewed_at       timestamptz,
    discard_reason    text
);
CREATE INDEX held_submission_organisation ON held_submission (organisation_id, status, received_at);
CREATE INDEX held_submission_status ON held_submission (status, received_at);

-- One random key per organisation, under which each intake device wraps its data key: a colleague of the same
-- organisation can then open a queue left on a device by a person who was disabled or locked out.
CREATE TABLE intake_organisation_key (
    organisation_id text PRIMARY KEY,
    key             bytea       NOT NULL CHECK (length(key) = 32),
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Who registered a group (the registrant ticket's person) and who sent it (the caller): not the same when a colleague
-- sends a queue left on a device.
ALTER TABLE evacuation_request
    ADD COLUMN registered_by_id   text,
    ADD COLUMN registered_by_name text,
    ADD COLUMN sent_by_id         text,
    ADD COLUMN sent_by_name       text;

-- A family registered by a person disabled since: not a request until a colleague of the organisation reviews it.
-- The submission (personal data) is kept only while it waits; accepting or discarding it erases it here.
CREATE TABLE held_submission (
    id                uuid PRIMARY KEY,
    organisation_id   text        NOT NULL,
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
    request_id        uuid REFERENCES evacuation_request (id),
    reviewed_by_id    text,
    reviewed_by_name  text,
    reviewed_at       timestamptz,
    discard_reason    text
);
CREATE INDEX held_submission_organisation ON held_submission (organisation_id, status, received_at);
CREATE INDEX held_submission_status ON held_submission (status, received_at);

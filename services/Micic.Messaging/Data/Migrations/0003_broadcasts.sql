-- Where each group waits and what nationalities it holds, from Requests' EvacuationRequested (never a phone): whom a
-- broadcast reaches.
CREATE TABLE group_scope (
    request_id    uuid PRIMARY KEY,
    crisis_id     text NOT NULL,
    pickup_place  text NOT NULL,
    nationalities text[] NOT NULL
);
CREATE INDEX group_scope_crisis ON group_scope (crisis_id, pickup_place);

-- A coordinator's broadcast: its scope and how many phones it went to (the texts are the messages themselves).
CREATE TABLE broadcast (
    id              uuid PRIMARY KEY,
    at              timestamptz NOT NULL,
    organisation_id text NOT NULL,
    crisis_id       text NOT NULL,
    pickup_place    text,
    nationality     text,
    recipients      int NOT NULL
);

-- Each phone gets a broadcast once, however many groups it was given for.
ALTER TABLE message ADD COLUMN broadcast_id uuid;
CREATE UNIQUE INDEX message_broadcast ON message (broadcast_id, phone) WHERE broadcast_id IS NOT NULL;

-- Several desks register the same family in a crisis: each person carries the keys the duplicate check looks them up
-- by (PossibleDuplicates: nationality and document number; names and sex), erased with their names.
ALTER TABLE person ADD COLUMN document_key text, ADD COLUMN identity_key text;
CREATE INDEX person_document_key ON person (document_key) WHERE document_key IS NOT NULL;
CREATE INDEX person_identity_key ON person (identity_key) WHERE identity_key IS NOT NULL;

-- People registered before: keys as close to the rule as SQL comes (accents and Arabic marks still count for them).
UPDATE person SET
    document_key = CASE WHEN length(regexp_replace(document_number, '[^[:alnum:]]', '', 'g')) >= 5 AND document_number ~ '[0-9]'
                        THEN upper(nationality) || ':' || upper(regexp_replace(document_number, '[^[:alnum:]]', '', 'g')) END,
    identity_key = CASE WHEN regexp_replace(given_name, '[[:space:]''-]', '', 'g') <> ''
                        THEN lower(regexp_replace(given_name, '[[:space:]''-]', '', 'g')) || '|'
                             || lower(regexp_replace(family_name, '[[:space:]''-]', '', 'g')) || '|' || upper(sex) END
WHERE given_name IS NOT NULL;

-- One row per key ever checked, by hash: the check locks the keys of the people it takes in, so that two desks taking
-- in the same person at the same moment are checked one after the other and the second sees the first.
CREATE TABLE duplicate_check (key_hash bigint PRIMARY KEY);

-- Two requests that may hold the same people, found at intake; a coordinator merges them or dismisses the flag.
CREATE TABLE possible_duplicate (
    id                uuid PRIMARY KEY,
    crisis_id         text        NOT NULL,
    first_request_id  uuid        NOT NULL REFERENCES evacuation_request (id),
    second_request_id uuid        NOT NULL REFERENCES evacuation_request (id),
    reason            text        NOT NULL,
    status            text        NOT NULL,
    flagged_at        timestamptz NOT NULL,
    resolved_at       timestamptz,
    resolved_by_id    text,
    resolved_by_name  text,
    resolution_reason text,
    kept_request_id   uuid
);
CREATE UNIQUE INDEX possible_duplicate_pair
    ON possible_duplicate (least(first_request_id, second_request_id), greatest(first_request_id, second_request_id));
CREATE INDEX possible_duplicate_listed ON possible_duplicate (crisis_id, status, flagged_at);
CREATE INDEX possible_duplicate_second ON possible_duplicate (second_request_id);

-- The people of the two requests who look alike (no foreign key: a passenger split off keeps no row in the old group).
CREATE TABLE possible_duplicate_person (
    duplicate_id uuid NOT NULL REFERENCES possible_duplicate (id),
    person_id    uuid NOT NULL,
    request_id   uuid NOT NULL,
    PRIMARY KEY (duplicate_id, person_id)
);

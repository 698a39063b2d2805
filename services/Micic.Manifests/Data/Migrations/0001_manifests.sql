-- One manifest per offer: who travels on a movement, with the documents they carry. Personal data lives here because
-- consulates and carriers need it; it arrives point-to-point from Requests, never in a broadcast event.
CREATE TABLE manifest (
    id                  uuid PRIMARY KEY,
    offer_id            uuid        NOT NULL UNIQUE,
    organisation_id     text        NOT NULL,
    crisis_id           text        NOT NULL,
    mode                text        NOT NULL,
    from_place          text        NOT NULL,
    to_place            text        NOT NULL,
    destination_country text        NOT NULL,
    departs_at          timestamptz NOT NULL,
    status              text        NOT NULL DEFAULT 'open',
    closed_at           timestamptz,
    departed_at         timestamptz
);
CREATE INDEX manifest_organisation ON manifest (organisation_id);

-- Which manifest a group is on, and the last matching status change applied (changes may arrive out of order).
CREATE TABLE manifest_group (
    request_id           uuid PRIMARY KEY,
    manifest_id          uuid,
    status_sequence      int     NOT NULL,
    consent_to_consulate boolean NOT NULL DEFAULT false,
    destination_country  text
);

CREATE TABLE passenger (
    person_id              uuid NOT NULL,
    request_id             uuid NOT NULL,
    manifest_id            uuid NOT NULL REFERENCES manifest (id),
    given_name             text NOT NULL,
    family_name            text NOT NULL,
    nationality            text NOT NULL,
    document_kind          text NOT NULL,
    document_number        text,
    document_expires_on    date,
    travel_document_kind   text,
    travel_document_number text,
    travel_document_by     text,
    boarding               text NOT NULL DEFAULT 'expected',
    -- A person may appear on more than one manifest: a no-show stays on the one they missed, and travels on another.
    PRIMARY KEY (manifest_id, person_id)
);
CREATE INDEX passenger_request ON passenger (request_id);

-- Every read of personal data, by whom (every read of personal data is audited).
CREATE TABLE personal_data_read (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    organisation_id text        NOT NULL,
    manifest_id     uuid        NOT NULL,
    people          int         NOT NULL,
    purpose         text        NOT NULL
);

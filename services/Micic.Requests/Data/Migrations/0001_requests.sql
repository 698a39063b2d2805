CREATE TABLE evacuation_request (
    id                              uuid PRIMARY KEY,
    reference                       text        NOT NULL UNIQUE,
    organisation_id                 text        NOT NULL,
    crisis_id                       text        NOT NULL,
    pickup_place                    text        NOT NULL,
    destination_country             text        NOT NULL,
    accepts_third_country           boolean     NOT NULL,
    earliest_departure              timestamptz,
    consent_to_share_with_consulate boolean     NOT NULL,
    contact_phone                   text,
    notes                           text,
    group_size                      int         NOT NULL,
    submitted_at                    timestamptz NOT NULL,
    status                          text        NOT NULL,
    status_sequence                 int         NOT NULL,
    priority                        int         NOT NULL DEFAULT 0,
    offer_id                        uuid,
    matched_since                   timestamptz,
    unmatched_reason                text
);
CREATE INDEX evacuation_request_status ON evacuation_request (status, submitted_at);
CREATE INDEX evacuation_request_organisation ON evacuation_request (organisation_id, submitted_at);
CREATE INDEX evacuation_request_pickup ON evacuation_request (pickup_place, submitted_at);

CREATE TABLE person (
    id                  uuid PRIMARY KEY,
    request_id          uuid NOT NULL REFERENCES evacuation_request (id),
    position            int  NOT NULL,
    given_name          text NOT NULL,
    family_name         text NOT NULL,
    sex                 text NOT NULL,
    birth_date          date,
    age                 int,
    nationality         text NOT NULL,
    document_kind       text NOT NULL,
    document_number     text,
    document_expires_on date,
    needs               text[] NOT NULL,
    UNIQUE (request_id, position)
);
CREATE INDEX person_nationality ON person (nationality, request_id);

CREATE TABLE request_status_history (
    request_id uuid        NOT NULL REFERENCES evacuation_request (id),
    sequence   int         NOT NULL,
    status     text        NOT NULL,
    at         timestamptz NOT NULL,
    reason     text,
    PRIMARY KEY (request_id, sequence)
);

-- Every read of personal data, by whom (personal data is there to protect migrants, and every read is accounted for).
CREATE TABLE personal_data_read (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    organisation_id text        NOT NULL,
    request_id      uuid        NOT NULL,
    people          int         NOT NULL,
    purpose         text        NOT NULL
);

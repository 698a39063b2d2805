-- Households of nationals living abroad, registered by the consulate of their State before any crisis: reached with
-- their consent when one is declared. Never announced in any event.
CREATE TABLE registration (
    id                   uuid PRIMARY KEY,
    organisation_id      text        NOT NULL,
    nationality          text        NOT NULL,
    country_of_residence text        NOT NULL,
    area                 text,
    contact_phone        text        NOT NULL,
    contact_language     text,
    consent_to_contact   boolean     NOT NULL,
    registered_at        timestamptz NOT NULL,
    -- The evacuation request the household asked for in a crisis: once that journey has completed, the registration
    -- is erased a retention period later.
    request_id           uuid REFERENCES evacuation_request (id)
);
CREATE INDEX registration_residence ON registration (country_of_residence, nationality, area);
CREATE INDEX registration_request ON registration (request_id) WHERE request_id IS NOT NULL;

CREATE TABLE registered_person (
    id                  uuid PRIMARY KEY,
    registration_id     uuid NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
    position            int  NOT NULL,
    given_name          text NOT NULL,
    family_name         text NOT NULL,
    sex                 text NOT NULL,
    birth_date          date,
    document_kind       text NOT NULL,
    document_number     text,
    document_expires_on date,
    UNIQUE (registration_id, position)
);

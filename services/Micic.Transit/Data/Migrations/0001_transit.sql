-- Who is expected where: the people on board movements that left for a site (asked of Manifests point-to-point).
CREATE TABLE expected_person (
    manifest_id         uuid        NOT NULL,
    person_id           uuid        NOT NULL,
    request_id          uuid        NOT NULL,
    site_code           text        NOT NULL,
    given_name          text        NOT NULL,
    family_name         text        NOT NULL,
    nationality         text        NOT NULL,
    destination_country text        NOT NULL,
    consent_to_consulate boolean    NOT NULL,
    departed_at         timestamptz NOT NULL,
    PRIMARY KEY (manifest_id, person_id)
);
CREATE INDEX expected_person_site ON expected_person (site_code, departed_at);
CREATE INDEX expected_person_person ON expected_person (person_id);

-- Movements whose arrivals are reconciled; missing_flagged_at is set once the missing have been announced.
CREATE TABLE departed_movement (
    manifest_id        uuid PRIMARY KEY,
    site_code          text        NOT NULL,
    departed_at        timestamptz NOT NULL,
    missing_flagged_at timestamptz
);

CREATE TABLE arrival (
    id                uuid PRIMARY KEY,
    site_code         text        NOT NULL,
    person_id         uuid        NOT NULL,
    request_id        uuid,
    manifest_id       uuid,
    walk_in           boolean     NOT NULL,
    given_name        text        NOT NULL,
    family_name       text        NOT NULL,
    nationality       text        NOT NULL,
    arrived_at        timestamptz NOT NULL,
    needs             text[]      NOT NULL,
    screening_notes   text,
    onward_request_id uuid,
    recorded_by       text        NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (site_code, person_id)
);
CREATE INDEX arrival_site ON arrival (site_code, arrived_at);

-- A referral to a partner; without consent the partner is told nothing about the person.
CREATE TABLE referral (
    arrival_id uuid    NOT NULL REFERENCES arrival (id),
    partner    text    NOT NULL,
    consent    boolean NOT NULL,
    PRIMARY KEY (arrival_id, partner)
);

-- The members of each group still to reach their destination, directly or through an onward journey.
CREATE TABLE journey_member (
    request_id  uuid NOT NULL,
    person_id   uuid NOT NULL,
    arrived_at  timestamptz,
    PRIMARY KEY (request_id, person_id)
);

-- An onward request raised at a site, and whose journey it continues.
CREATE TABLE onward_journey (
    onward_request_id uuid PRIMARY KEY,
    request_id        uuid NOT NULL,
    person_id         uuid NOT NULL
);

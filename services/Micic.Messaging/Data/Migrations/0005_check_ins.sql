-- A crisis raised to alert level 3 or 4 asks its registered nationals "are you safe?": one round per crisis, taken from
-- Requests page by page (the cursor says how far), each page a cohort due a little after the one before.
-- An instance works a round under a lease: should it die, another takes it up where the cursor stands.
CREATE TABLE check_in_round (
    crisis_id   text PRIMARY KEY,
    crisis_name text,
    country     text NOT NULL,
    areas       text[] NOT NULL,
    started_at  timestamptz NOT NULL,
    cursor      uuid,
    cohorts     int NOT NULL DEFAULT 0,
    leased_until timestamptz,
    finished_at timestamptz
);

-- One check-in per household and crisis: asked (once or twice), answered, or left for the consulate to call.
CREATE TABLE check_in (
    crisis_id       text NOT NULL,
    registration_id uuid NOT NULL,
    phone           text NOT NULL,
    language        text NOT NULL,
    nationality     text NOT NULL,
    attempts        int NOT NULL,
    asked_at        timestamptz NOT NULL,
    follow_up_at    timestamptz,
    answer          smallint,
    answered_at     timestamptz,
    unanswered_at   timestamptz,
    PRIMARY KEY (crisis_id, registration_id)
);
CREATE INDEX check_in_phone ON check_in (phone, asked_at DESC);
CREATE INDEX check_in_follow_up ON check_in (follow_up_at) WHERE follow_up_at IS NOT NULL;
CREATE INDEX message_registration ON message (registration_id, at) WHERE registration_id IS NOT NULL;

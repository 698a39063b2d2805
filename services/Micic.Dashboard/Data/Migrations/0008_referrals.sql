-- Each referral's latest step, for referrals by service and status (no person, no partner's notes).
CREATE TABLE referral_projection (
    referral_id uuid PRIMARY KEY,
    site_code   text        NOT NULL,
    service     text        NOT NULL,
    status      text        NOT NULL,
    at          timestamptz NOT NULL
);

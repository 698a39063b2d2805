-- People who register themselves on the public page: held apart from the registry until the phone answers the code
-- sent to it, so that nothing pending is ever counted, listed, asked a check-in or seen by a consulate. The code is
-- kept as a hash only. Once confirmed, voided or expired, what identifies the person is erased from here (a
-- confirmed household lives on in registration); the rest, with a digest of the phone for the hourly limit of codes
-- per phone, goes a day later.
CREATE TABLE self_registration (
    id              uuid PRIMARY KEY,
    -- awaiting-code | confirmed | voided (five wrong codes) | expired
    status          text        NOT NULL,
    requested_at    timestamptz NOT NULL,
    code_expires_at timestamptz NOT NULL,
    code_hash       bytea,
    wrong_codes     int         NOT NULL DEFAULT 0,
    phone_digest    bytea       NOT NULL,
    -- The household as registered (the body of the request, validated); null once it has left this table.
    household       jsonb,
    ended_at        timestamptz
);
CREATE INDEX self_registration_phone ON self_registration (phone_digest, requested_at);
CREATE INDEX self_registration_expiry ON self_registration (code_expires_at) WHERE status = 'awaiting-code';
CREATE INDEX self_registration_ended ON self_registration (ended_at) WHERE ended_at IS NOT NULL;

-- What people said, counted without a word of it: each feedback item's category and channel, when it came and was answered.
CREATE TABLE feedback_projection (
    feedback_id uuid PRIMARY KEY,
    crisis_id   text,
    category    text,
    channel     text,
    received_at timestamptz,
    answered_at timestamptz
);

-- Call-backs people asked for by SMS (HELP).
CREATE TABLE call_back_projection (
    call_back_id uuid PRIMARY KEY,
    at           timestamptz NOT NULL
);

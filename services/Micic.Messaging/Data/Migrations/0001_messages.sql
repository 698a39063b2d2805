-- Offers as far as notices need them: where the group gathers, when it leaves.
CREATE TABLE offer_departure (
    offer_id    uuid PRIMARY KEY,
    from_place  text NOT NULL,
    to_place    text NOT NULL,
    departs_at  timestamptz NOT NULL,
    version     bigint NOT NULL
);

-- Where each group's journey stands, from matching's status changes: which notice a change calls for.
CREATE TABLE journey (
    request_id        uuid PRIMARY KEY,
    status            text NOT NULL,
    sequence          int NOT NULL,
    offer_id          uuid,
    seat_confirmed_at timestamptz
);
CREATE INDEX journey_offer ON journey (offer_id) WHERE offer_id IS NOT NULL;

-- How a group is reached, as Requests answered (a phone only with the group's consent); asked once, when first needed.
CREATE TABLE contact (
    request_id      uuid PRIMARY KEY,
    asked_at        timestamptz NOT NULL,
    answered_at     timestamptz,
    reference       text,
    organisation_id text,
    phone           text,
    language        text,
    person_ids      uuid[] NOT NULL DEFAULT '{}'
);
CREATE INDEX contact_phone ON contact (phone) WHERE phone IS NOT NULL;

-- Phones that sent STOP: nothing more goes to them.
CREATE TABLE opt_out (
    phone text PRIMARY KEY,
    at    timestamptz NOT NULL
);

-- Numbers Micic does not know, answered once.
CREATE TABLE unknown_sender (
    phone       text PRIMARY KEY,
    answered_at timestamptz NOT NULL
);

-- Every SMS in and out. A notice waits (awaiting) for its group's contact and its offer's departure, then is written out.
-- Out: queued (due at next_attempt_at, claimed by pushing it later) → sent → delivered | failed.
CREATE TABLE message (
    id              uuid PRIMARY KEY,
    direction       text NOT NULL,
    kind            text NOT NULL,
    template        text,
    request_id      uuid,
    registration_id uuid,
    phone           text,
    language        text,
    text            text,
    status          text NOT NULL,
    at              timestamptz NOT NULL,
    notice_key      text,
    offer_id        uuid,
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    sent_at         timestamptz,
    delivered_at    timestamptz,
    failure         text,
    gateway_id      text
);
CREATE UNIQUE INDEX message_notice ON message (request_id, notice_key) WHERE notice_key IS NOT NULL;
CREATE UNIQUE INDEX message_inbound ON message (gateway_id) WHERE direction = 'in' AND gateway_id IS NOT NULL;
CREATE INDEX message_due ON message (next_attempt_at) WHERE status = 'queued';
CREATE INDEX message_awaiting ON message (request_id) WHERE status = 'awaiting';
CREATE INDEX message_awaiting_offer ON message (offer_id) WHERE status = 'awaiting';
CREATE INDEX message_from ON message (phone, at) WHERE direction = 'in';
CREATE INDEX message_request ON message (request_id, at);
CREATE INDEX message_list ON message (at, id);

-- The send rate shared by every instance: messages handed to the SMS gateway in the current second.
CREATE TABLE send_rate (
    id     int PRIMARY KEY,
    second timestamptz NOT NULL,
    used   int NOT NULL
);
INSERT INTO send_rate VALUES (1, 'epoch', 0);

-- What people said that is no keyword: the feedback register (channel sms|web|desk).
CREATE TABLE feedback (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL,
    channel     text NOT NULL,
    category    text NOT NULL,
    status      text NOT NULL,
    text        text,
    request_id  uuid,
    language    text,
    phone       text,
    message_id  uuid REFERENCES message (id)
);
CREATE INDEX feedback_list ON feedback (at, id);

-- HELP: a person asked to be called back.
CREATE TABLE call_back (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL,
    request_id  uuid,
    phone       text NOT NULL,
    message_id  uuid NOT NULL REFERENCES message (id),
    status      text NOT NULL
);

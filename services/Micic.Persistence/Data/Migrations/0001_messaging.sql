-- Reliability primitives shared by every service: outbox, inbox, idempotency keys.

-- Messages produced by a state change, written in its transaction and relayed to RabbitMQ after commit.
-- enqueue_time, when set, holds a message back until then: this is how deadlines are kept (no delayed-exchange plugin).
CREATE TABLE outbox_message (
    sequence_number     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id          uuid        NOT NULL,
    conversation_id     uuid,
    correlation_id      uuid,
    initiator_id        uuid,
    request_id          uuid,
    source_address      text,
    destination_address text        NOT NULL,
    response_address    text,
    fault_address       text,
    content_type        text        NOT NULL,
    message_type        text        NOT NULL,
    body                text        NOT NULL,
    headers             text,
    properties          text,
    sent_time           timestamptz NOT NULL,
    enqueue_time        timestamptz,
    expiration_time     timestamptz,
    inbox_message_id    uuid,
    inbox_consumer_id   uuid,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_message_due ON outbox_message (enqueue_time, sequence_number);

-- One row per (message, consumer) that had its effect: a redelivered message finds it and has none again.
CREATE TABLE inbox_state (
    message_id    uuid        NOT NULL,
    consumer_id   uuid        NOT NULL,
    received      timestamptz NOT NULL DEFAULT now(),
    receive_count int         NOT NULL DEFAULT 1,
    consumed      timestamptz,
    PRIMARY KEY (message_id, consumer_id)
);
CREATE INDEX inbox_state_received ON inbox_state (received);

-- Idempotency-Key of API POSTs: the same key and body return the first answer; another body is a conflict.
CREATE TABLE idempotency_key (
    owner         text        NOT NULL,
    key           text        NOT NULL,
    request_hash  bytea       NOT NULL,
    status_code   int         NOT NULL,
    location      text,
    response_body text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, key)
);

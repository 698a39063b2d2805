-- Tables of the messaging tests' own consumers and saga.
CREATE TABLE burst_effect (
    number      int         NOT NULL,
    message_id  uuid        NOT NULL,
    consumed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tally_saga (
    correlation_id uuid PRIMARY KEY,
    current_state  text        NOT NULL,
    version        int         NOT NULL,
    data           jsonb       NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Every integration event the dashboard has counted, as received: the figures can be rebuilt from it from scratch
-- (POST /api/dashboard/rebuild). Events carry ids, counts and flags only, never names, like the figures themselves.
CREATE TABLE projected_event (
    sequence   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id uuid        NOT NULL UNIQUE,
    kind       text        NOT NULL,
    body       jsonb       NOT NULL,
    sent_at    timestamptz NOT NULL
);

-- Declared crises and their current alert level. A change may arrive before the declaration: its row then waits for
-- the name; the latest change wins whatever order they arrive in.
CREATE TABLE crisis_projection (
    crisis_id   text PRIMARY KEY,
    name        text,
    country     text        NOT NULL,
    areas       text[]      NOT NULL,
    alert_level int         NOT NULL,
    level_at    timestamptz NOT NULL,
    declared_at timestamptz
);

-- One row per evacuation request: the matching saga (state as columns, the rest as jsonb).
CREATE TABLE evacuation_saga (
    correlation_id uuid PRIMARY KEY,
    current_state  text        NOT NULL,
    version        int         NOT NULL,
    data           jsonb       NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evacuation_saga_state ON evacuation_saga (current_state);

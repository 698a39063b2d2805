-- The exercise's master events list as delivered: each inject of the scenario, pending until its crisis time comes (or the
-- controller delivers it), then delivered once, with the crisis time and the real time it was.
CREATE TABLE exercise_inject (
    scenario          text        NOT NULL,
    id                text        NOT NULL,
    position          int         NOT NULL,
    due_after         text        NOT NULL,
    due_at            timestamptz NOT NULL,
    kind              text        NOT NULL,
    params            jsonb,
    expected_action   text        NOT NULL,
    objective_id      text,
    for_organisation  text,
    delivered_at      timestamptz,
    delivered_real_at timestamptz,
    delivered_by      text,
    PRIMARY KEY (scenario, id)
);
CREATE INDEX exercise_inject_pending ON exercise_inject (due_at) WHERE delivered_at IS NULL;

-- The improvement plan: actions raised after exercises and real crises, kept across them. Each records where it came
-- from (an exercise's scenario on its crisis, or a real crisis), who raised it, and when in crisis time (the exercise
-- clock) and in real time.
CREATE TABLE improvement_action (
    id                     uuid        PRIMARY KEY,
    objective_id           text,
    text                   text        NOT NULL,
    owner_organisation_id  text        NOT NULL,
    due_by                 timestamptz NOT NULL,
    status                 text        NOT NULL CHECK (status IN ('open', 'in-progress', 'done')),
    evidence               text,
    source                 text        NOT NULL CHECK (source IN ('exercise', 'crisis')),
    scenario               text,
    crisis_id              text        NOT NULL,
    raised_by_id           text        NOT NULL,
    raised_by_name         text        NOT NULL,
    raised_by_organisation text        NOT NULL,
    raised_at_crisis_time  timestamptz NOT NULL,
    raised_at              timestamptz NOT NULL,
    updated_at             timestamptz
);
CREATE INDEX improvement_action_status ON improvement_action (status, due_by);

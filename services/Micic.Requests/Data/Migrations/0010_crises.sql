-- Crises declared by coordinators, and every change of their alert level (the first is the declaration): when, from
-- which level to which, and by whom (a coordinator, never a migrant).
CREATE TABLE crisis (
    id          text PRIMARY KEY,
    name        text   NOT NULL,
    country     text   NOT NULL,
    areas       text[] NOT NULL,
    alert_level int    NOT NULL CHECK (alert_level BETWEEN 1 AND 4)
);

CREATE TABLE crisis_alert_level (
    crisis_id  text        NOT NULL REFERENCES crisis (id),
    at         timestamptz NOT NULL,
    from_level int,
    to_level   int         NOT NULL,
    by_kind    text        NOT NULL,
    by_id      text        NOT NULL,
    by_name    text        NOT NULL
);
CREATE INDEX crisis_alert_level_crisis ON crisis_alert_level (crisis_id, at);

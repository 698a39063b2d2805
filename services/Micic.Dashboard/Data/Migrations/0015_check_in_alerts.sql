-- Each registered household's latest check-in answer in a crisis, for its consulate's "need help" alerts: ids, the
-- nationality and times only (the names stay in Requests). The latest answer wins whatever order they arrive in; an
-- alert is open while the latest answer is 2 and the consulate has not acknowledged that answer.
CREATE TABLE check_in_alert (
    id                     uuid        PRIMARY KEY,
    crisis_id              text        NOT NULL,
    registration_id        uuid        NOT NULL,
    nationality            text        NOT NULL,
    answer                 int         NOT NULL,
    answered_at            timestamptz NOT NULL,
    acknowledged_answer_at timestamptz,
    acknowledged_at        timestamptz,
    acknowledged_by        text,
    UNIQUE (crisis_id, registration_id)
);
CREATE INDEX check_in_alert_open ON check_in_alert (nationality, crisis_id, answered_at)
    WHERE answer = 2 AND (acknowledged_answer_at IS NULL OR acknowledged_answer_at < answered_at);

-- Each registered household's check-in in a declared crisis: when it was asked ("are you safe?"), its latest answer,
-- whether it is on its consulate's list of people to call, and the evacuation request its "I want to leave" became.
-- Erased with the registration.
CREATE TABLE check_in (
    crisis_id       text        NOT NULL,
    registration_id uuid        NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
    nationality     text        NOT NULL,
    attempts        int         NOT NULL,
    asked_at        timestamptz,
    -- 1 safe, 2 needs help, 3 wants to leave: the latest answer by the time it was given.
    answer          int,
    answered_at     timestamptz,
    -- No answer after the second try.
    to_call_at      timestamptz,
    request_id      uuid REFERENCES evacuation_request (id),
    -- Why "I want to leave" could not become a request (the household as registered does not make a valid one).
    problem         text,
    PRIMARY KEY (crisis_id, registration_id)
);
CREATE INDEX check_in_crisis ON check_in (crisis_id, nationality);

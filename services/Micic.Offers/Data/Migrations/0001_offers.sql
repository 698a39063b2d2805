CREATE TABLE offer (
    id                  uuid PRIMARY KEY,
    organisation_id     text        NOT NULL,
    crisis_id           text        NOT NULL,
    provider            text,
    mode                text        NOT NULL,
    from_place          text        NOT NULL,
    to_place            text        NOT NULL,
    destination_country text        NOT NULL,
    departs_at          timestamptz NOT NULL,
    seats               int         NOT NULL CHECK (seats >= 0),
    seats_allocated     int         NOT NULL DEFAULT 0 CHECK (seats_allocated >= 0),
    status              text        NOT NULL,
    eligibility         jsonb       NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    -- The invariant itself, as the last line of defence: an offer is never overbooked.
    CHECK (seats_allocated <= seats)
);
CREATE INDEX offer_status_from ON offer (status, from_place, departs_at);
CREATE INDEX offer_organisation ON offer (organisation_id, created_at);

-- Seats held for one group on one offer.
CREATE TABLE seat_hold (
    offer_id   uuid        NOT NULL REFERENCES offer (id),
    request_id uuid        NOT NULL,
    seats      int         NOT NULL CHECK (seats > 0),
    priority   int         NOT NULL,
    held_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (offer_id, request_id)
);

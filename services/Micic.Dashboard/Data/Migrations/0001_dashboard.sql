-- Projections of integration events: counts and flags only, never names or documents.
CREATE TABLE request_projection (
    request_id      uuid PRIMARY KEY,
    people          int  NOT NULL,
    status          text NOT NULL,
    status_sequence int  NOT NULL,
    needs           int  NOT NULL DEFAULT 0,
    pickup_place    text,
    submitted_at    timestamptz
);
CREATE INDEX request_projection_status ON request_projection (status);

CREATE TABLE request_nationality (
    request_id  uuid NOT NULL,
    nationality text NOT NULL,
    people      int  NOT NULL,
    PRIMARY KEY (request_id, nationality)
);

CREATE TABLE offer_projection (
    offer_id        uuid PRIMARY KEY,
    status          text NOT NULL,
    seats           int  NOT NULL,
    seats_allocated int  NOT NULL
);

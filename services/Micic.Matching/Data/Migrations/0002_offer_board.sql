-- Matching's own view of the offers (fed by Offers' events): what it needs to choose, and the last seat counts it
-- heard of. Offers stays the only judge of a hold; a stale count here costs a refused hold, never an overbooking.
CREATE TABLE offer_board (
    offer_id            uuid PRIMARY KEY,
    crisis_id           text        NOT NULL,
    from_place          text        NOT NULL,
    destination_country text        NOT NULL,
    eligibility         jsonb       NOT NULL,
    status              text        NOT NULL,
    seats               int         NOT NULL,
    seats_allocated     int         NOT NULL,
    departs_at          timestamptz NOT NULL,
    version             bigint      NOT NULL
);
CREATE INDEX offer_board_route ON offer_board (crisis_id, from_place);

-- The groups waiting for a seat, by where they are picked up: what new capacity is offered to.
CREATE INDEX evacuation_saga_waiting ON evacuation_saga ((data ->> 'CrisisId'), (data ->> 'PickupPlace'))
    WHERE current_state = 'Pending';

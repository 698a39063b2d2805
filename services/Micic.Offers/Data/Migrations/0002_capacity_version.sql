-- Every change of an offer's capacity raises its version, so readers of Offers' events keep the newest account.
ALTER TABLE offer ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- A hold remembers how the group ranks (need weight, submission time), so a seat cut can release the lowest first.
ALTER TABLE seat_hold ADD COLUMN need_weight int NOT NULL DEFAULT 0;
ALTER TABLE seat_hold ADD COLUMN submitted_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE seat_hold DROP COLUMN priority;

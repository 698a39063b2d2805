-- Offers' events carry a version of the offer's capacity; the newest wins whatever order they arrive in.
ALTER TABLE offer_projection ADD COLUMN version bigint NOT NULL DEFAULT 0;

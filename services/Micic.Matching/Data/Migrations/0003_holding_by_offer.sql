-- The groups holding seats on an offer or asking for them, as matching knows: what new capacity must not be offered again.
CREATE INDEX evacuation_saga_on_offer ON evacuation_saga ((data ->> 'OfferId'))
    WHERE current_state IN ('Holding', 'Matched', 'Manifested');

-- The groups whose holds on an offer are still in flight: their seats are spoken for before Offers has counted them.
CREATE INDEX evacuation_saga_holding ON evacuation_saga ((data ->> 'OfferId')) WHERE current_state = 'Holding';

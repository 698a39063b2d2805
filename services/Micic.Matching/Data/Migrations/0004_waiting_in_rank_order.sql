-- The moment from which a waiting group ranks (Priority.RanksFrom: its submission, its need weight counted as hours
-- already waited). Groups at one place are read in this order a chunk at a time, so an allocation round costs what its
-- seats need, not what the waiting list holds. Immutable because every saga's SubmittedAt is written with its offset.
CREATE FUNCTION evacuation_ranks_from(data jsonb) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (data ->> 'SubmittedAt')::timestamptz - make_interval(hours => (data ->> 'NeedWeight')::int);

CREATE INDEX evacuation_saga_waiting_rank ON evacuation_saga
    ((data ->> 'CrisisId'), (data ->> 'PickupPlace'), evacuation_ranks_from(data), correlation_id)
    WHERE current_state = 'Pending';

-- The coordinators' list of a whole crisis, its head first.
CREATE INDEX evacuation_saga_waiting_rank_in_crisis ON evacuation_saga ((data ->> 'CrisisId'), evacuation_ranks_from(data), correlation_id)
    WHERE current_state = 'Pending';

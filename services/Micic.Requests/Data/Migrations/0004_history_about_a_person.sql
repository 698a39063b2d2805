-- A line of a request's history that speaks of one of its people (a passenger who did not board, say) names them, so
-- that it is shown only to those who may see that person: a consulate reads nothing of another State's nationals.
ALTER TABLE request_status_history ADD COLUMN person_id uuid;
-- Such lines written before: the no-show's note names the request they travel on now, which holds them.
UPDATE request_status_history h SET person_id = p.id
FROM evacuation_request r JOIN person p ON p.request_id = r.id
WHERE h.sequence IS NULL AND h.reason = 'person did not board; now travels on request ' || r.reference;

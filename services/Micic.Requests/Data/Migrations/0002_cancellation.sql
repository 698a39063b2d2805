-- A requester's cancellation (POST /api/requests/{id}/cancel) is recorded when it is asked for, before matching has a
-- sequence number for it: it is kept on the request (to announce it again if matching acts as if it never heard of
-- it), and its history row has no sequence. History is therefore ordered by time, not by matching's sequence.
ALTER TABLE evacuation_request
    ADD COLUMN cancelled_at  timestamptz,
    ADD COLUMN cancel_reason text;

ALTER TABLE request_status_history DROP CONSTRAINT request_status_history_pkey;
ALTER TABLE request_status_history ALTER COLUMN sequence DROP NOT NULL;
ALTER TABLE request_status_history ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE request_status_history ADD CONSTRAINT request_status_history_sequence UNIQUE (request_id, sequence);

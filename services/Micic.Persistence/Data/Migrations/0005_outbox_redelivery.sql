-- A message the broker refuses (its queue unavailable, say) waits and is tried again on its own, without holding back
-- the messages behind it.
ALTER TABLE outbox_message ADD COLUMN delivery_attempts int NOT NULL DEFAULT 0;
ALTER TABLE outbox_message ADD COLUMN retry_after timestamptz;

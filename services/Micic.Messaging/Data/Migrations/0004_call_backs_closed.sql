-- A call-back is closed by the coordinator who made the call: when, by which organisation, and what came of it.
ALTER TABLE call_back ADD COLUMN closed_at timestamptz;
ALTER TABLE call_back ADD COLUMN closed_by text;
ALTER TABLE call_back ADD COLUMN note text;
CREATE INDEX call_back_status ON call_back (status, at);

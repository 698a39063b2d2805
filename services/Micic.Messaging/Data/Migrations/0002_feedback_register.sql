-- The feedback register: the crisis an item belongs to (desks say it; an SMS names none), who recorded it at a desk, and its answer.
ALTER TABLE feedback ADD COLUMN crisis_id text;
ALTER TABLE feedback ADD COLUMN recorded_by text;
ALTER TABLE feedback ADD COLUMN answer text;
ALTER TABLE feedback ADD COLUMN answered_at timestamptz;
ALTER TABLE feedback ADD COLUMN answered_by text;
CREATE INDEX feedback_category ON feedback (category, at);

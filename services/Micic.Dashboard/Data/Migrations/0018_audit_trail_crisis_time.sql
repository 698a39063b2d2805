-- On a replay's or an exercise's crisis clock, the crisis time of each read beside its real time.
ALTER TABLE audit_trail ADD COLUMN crisis_at timestamptz;

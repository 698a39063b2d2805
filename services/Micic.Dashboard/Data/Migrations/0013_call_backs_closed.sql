-- When a call-back was closed: the dashboard counts the open ones, those still to be called.
ALTER TABLE call_back_projection ADD COLUMN closed_at timestamptz;

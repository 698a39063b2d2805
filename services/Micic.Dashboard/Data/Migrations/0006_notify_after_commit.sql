-- The figures no longer notify from triggers inside each consumer's transaction: PostgreSQL takes one database-wide
-- lock for NOTIFY at commit, so every projection commit waited for the others. The service now notifies once per
-- burst of committed changes (LiveFigures), outside those transactions.
DROP TRIGGER request_projection_changed ON request_projection;
DROP TRIGGER offer_projection_changed ON offer_projection;
DROP TRIGGER site_departure_changed ON site_departure;
DROP TRIGGER site_arrival_changed ON site_arrival;
DROP TRIGGER alert_changed ON alert;
DROP FUNCTION notify_dashboard_changed();

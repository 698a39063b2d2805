-- Every change to the figures tells every dashboard instance (LISTEN dashboard_changed), on commit, so that each can
-- push fresh figures to the browsers it serves: with several instances, every browser still sees every change.
CREATE FUNCTION notify_dashboard_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dashboard_changed', '');
    RETURN NULL;
END $$;

CREATE TRIGGER request_projection_changed AFTER INSERT OR UPDATE OR DELETE ON request_projection
    FOR EACH STATEMENT EXECUTE FUNCTION notify_dashboard_changed();
CREATE TRIGGER offer_projection_changed AFTER INSERT OR UPDATE OR DELETE ON offer_projection
    FOR EACH STATEMENT EXECUTE FUNCTION notify_dashboard_changed();
CREATE TRIGGER site_departure_changed AFTER INSERT OR UPDATE OR DELETE ON site_departure
    FOR EACH STATEMENT EXECUTE FUNCTION notify_dashboard_changed();
CREATE TRIGGER site_arrival_changed AFTER INSERT OR UPDATE OR DELETE ON site_arrival
    FOR EACH STATEMENT EXECUTE FUNCTION notify_dashboard_changed();
CREATE TRIGGER alert_changed AFTER INSERT OR UPDATE OR DELETE ON alert
    FOR EACH STATEMENT EXECUTE FUNCTION notify_dashboard_changed();

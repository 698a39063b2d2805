-- Where offers leave from and when, for "departing soon with free seats".
ALTER TABLE offer_projection ADD COLUMN from_place text, ADD COLUMN departs_at timestamptz;

-- Movements that left for a site, and arrivals logged there: expected = departed − arrived (walk-ins are extra).
CREATE TABLE site_departure (
    manifest_id uuid PRIMARY KEY,
    site_code   text        NOT NULL,
    passengers  int         NOT NULL,
    departed_at timestamptz NOT NULL
);
CREATE TABLE site_arrival (
    arrival_id uuid PRIMARY KEY,
    site_code  text        NOT NULL,
    walk_in    boolean     NOT NULL,
    arrived_at timestamptz NOT NULL
);
CREATE INDEX site_arrival_site ON site_arrival (site_code, arrived_at);

-- Alerts for coordinators; the key makes a repeated event harmless.
CREATE TABLE alert (
    key     text PRIMARY KEY,
    kind    text        NOT NULL,
    message text        NOT NULL,
    at      timestamptz NOT NULL
);
CREATE INDEX alert_at ON alert (at DESC);

CREATE TABLE escalation (
    request_id   uuid PRIMARY KEY,
    escalated_at timestamptz NOT NULL
);

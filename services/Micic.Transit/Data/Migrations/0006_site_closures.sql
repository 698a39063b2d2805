-- A State closes a border crossing or reception site until a time, or until it reopens it earlier: no arrival is logged
-- there meanwhile. Closures stay as the site's record of when it was closed and why.
CREATE TABLE site_closure (
    id          uuid        PRIMARY KEY,
    site_code   text        NOT NULL,
    closed_at   timestamptz NOT NULL,
    until       timestamptz NOT NULL,
    reason      text        NOT NULL,
    closed_by   text        NOT NULL,
    reopened_at timestamptz,
    reopened_by text
);
CREATE INDEX site_closure_site ON site_closure (site_code, closed_at DESC);

-- Each fund as Funds last told of it, for the coordinators' funds panel: exact money in the fund's currency, the
-- days its balance lasts at the last week's spending (null while it spent nothing that week), and the threshold under
-- which Funds warned it runs low. The latest position wins whatever order positions arrive in.
CREATE TABLE fund_projection (
    fund_id               uuid        PRIMARY KEY,
    name                  text        NOT NULL,
    donor_organisation_id text,
    currency              text        NOT NULL,
    pledged               numeric     NOT NULL DEFAULT 0,
    received              numeric     NOT NULL DEFAULT 0,
    committed             numeric     NOT NULL DEFAULT 0,
    spent                 numeric     NOT NULL DEFAULT 0,
    balance               numeric     NOT NULL DEFAULT 0,
    days_left             numeric,
    position_at           timestamptz NOT NULL,
    alert_days            int,
    running_low_at        timestamptz
);

-- Funds: what donors pledged, what they paid in (receipts) and what was charged to them. received and spent are kept
-- on the fund row, which every charge locks: concurrent charges queue on it and none can spend what another has.
CREATE TABLE fund (
    id                    uuid        PRIMARY KEY,
    name                  text        NOT NULL,
    donor_organisation_id text,
    currency              char(3)     NOT NULL,
    pledged               numeric     NOT NULL CHECK (pledged >= 0),
    received              numeric     NOT NULL DEFAULT 0 CHECK (received >= 0),
    spent                 numeric     NOT NULL DEFAULT 0 CHECK (spent >= 0),
    nationalities         text[]      NOT NULL DEFAULT '{}',
    purposes              text[]      NOT NULL DEFAULT '{}',
    valid_from            date,
    valid_to              date,
    created_at            timestamptz NOT NULL,
    created_by            text        NOT NULL,
    -- The last guard: whatever the code does, a fund never pays out more than it received.
    CONSTRAINT fund_never_overspent CHECK (spent <= received)
);

CREATE TABLE receipt (
    id          uuid        PRIMARY KEY,
    fund_id     uuid        NOT NULL REFERENCES fund (id),
    amount      numeric     NOT NULL CHECK (amount > 0),
    received_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX receipt_fund ON receipt (fund_id, received_at);

-- Reimbursement claims of transit authorities and partners.
CREATE TABLE claim (
    id              uuid        PRIMARY KEY,
    organisation_id text        NOT NULL,
    site_code       text,
    category        text        NOT NULL,
    amount          numeric     NOT NULL CHECK (amount > 0),
    currency        char(3)     NOT NULL,
    people          int         NOT NULL CHECK (people > 0),
    period_from     date        NOT NULL,
    period_to       date        NOT NULL,
    note            text,
    status          text        NOT NULL,
    submitted_at    timestamptz NOT NULL,
    fund_id         uuid        REFERENCES fund (id),
    reason          text,
    decided_at      timestamptz,
    decided_by      text
);
CREATE INDEX claim_status ON claim (status, submitted_at);
CREATE INDEX claim_organisation ON claim (organisation_id, submitted_at);

-- What each fund paid, and for what: a claim is charged once.
CREATE TABLE charge (
    id         uuid        PRIMARY KEY,
    fund_id    uuid        NOT NULL REFERENCES fund (id),
    claim_id   uuid        UNIQUE REFERENCES claim (id),
    amount     numeric     NOT NULL CHECK (amount > 0),
    purpose    text        NOT NULL,
    charged_at timestamptz NOT NULL
);
CREATE INDEX charge_fund ON charge (fund_id, charged_at);

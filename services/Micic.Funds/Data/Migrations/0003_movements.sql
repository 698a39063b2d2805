-- Who a fund is: a donor's, a State's (cost recovery for its nationals) or an employer's bond. A fund running low is
-- announced once each time its days left fall under the alert threshold, not on every charge after.
ALTER TABLE fund ADD COLUMN source text NOT NULL DEFAULT 'donor';
ALTER TABLE fund ADD COLUMN running_low boolean NOT NULL DEFAULT false;

-- Offers as Funds hears of them (Offers' events, the newest capacity version kept): what each costs, for which crisis
-- and mode, and the fund a coordinator chose to pay for it. A row may come from a capacity change heard before the
-- offer's publication: its crisis is then unknown until the publication arrives.
CREATE TABLE offer_terms (
    id            uuid        PRIMARY KEY,
    crisis_id     text,
    mode          text,
    nationalities text[]      NOT NULL DEFAULT '{}',
    cost_amount   numeric     CHECK (cost_amount > 0),
    cost_currency char(3),
    cost_per      text,
    seats         int         NOT NULL,
    status        text        NOT NULL,
    departs_at    timestamptz NOT NULL,
    version       bigint      NOT NULL,
    fund_id       uuid        REFERENCES fund (id),
    funded_at     timestamptz,
    funded_by     text
);
CREATE INDEX offer_terms_fund ON offer_terms (fund_id) WHERE fund_id IS NOT NULL;

-- A charge pays a claim or a departed movement (its offer), each once; in the fund's currency, and in the reporting
-- currency at the seeded rates of a stated day.
ALTER TABLE charge ADD COLUMN offer_id uuid UNIQUE;
ALTER TABLE charge ADD COLUMN reporting_amount numeric;
ALTER TABLE charge ADD COLUMN reporting_currency char(3);
ALTER TABLE charge ADD COLUMN rates_of date;

-- Departed movements: charged (charge_id) or, while no fund can pay, uncharged with the reason.
CREATE TABLE movement (
    offer_id       uuid        PRIMARY KEY,
    manifest_id    uuid        NOT NULL,
    passengers     int         NOT NULL CHECK (passengers >= 0),
    by_nationality jsonb       NOT NULL,
    departed_at    timestamptz NOT NULL,
    charge_id      uuid        REFERENCES charge (id),
    refusal        text
);
CREATE INDEX movement_uncharged ON movement (departed_at) WHERE charge_id IS NULL;

-- What a movement's charge cost for the passengers of each nationality; the shares add up to the charge exactly.
CREATE TABLE charge_share (
    charge_id        uuid    NOT NULL REFERENCES charge (id),
    nationality      text    NOT NULL,
    people           int     NOT NULL CHECK (people > 0),
    amount           numeric NOT NULL CHECK (amount >= 0),
    reporting_amount numeric NOT NULL CHECK (reporting_amount >= 0),
    PRIMARY KEY (charge_id, nationality)
);

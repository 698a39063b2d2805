-- Pledges made to a fund after it was opened (a consulate's, a donor's second), each by its organisation.
CREATE TABLE pledge (
    id              uuid        PRIMARY KEY,
    fund_id         uuid        NOT NULL REFERENCES fund (id),
    organisation_id text        NOT NULL,
    amount          numeric     NOT NULL CHECK (amount > 0),
    pledged_at      timestamptz NOT NULL
);
CREATE INDEX pledge_fund ON pledge (fund_id, pledged_at);

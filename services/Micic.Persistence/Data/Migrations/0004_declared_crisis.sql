-- The crises coordinators declared, as this service learnt them from CrisisDeclared: the crisis ids it accepts beyond
-- seeds/crises.json (CrisisCatalogue). A handful of rows; never updated, alert levels are not kept here.
CREATE TABLE declared_crisis (
    id          text PRIMARY KEY,
    name        text        NOT NULL,
    country     text        NOT NULL,
    declared_at timestamptz NOT NULL
);

-- The after-action report's fold of the event history, kept as it stood after a known event, so that a report folds
-- only what came after instead of the whole history (one row; the fold's version says whether it can be read).
CREATE TABLE report_checkpoint (
    id             int         PRIMARY KEY CHECK (id = 1),
    fold_version   int         NOT NULL,
    folded_through bigint      NOT NULL,
    state          bytea       NOT NULL,
    taken_at       timestamptz NOT NULL
);

-- A referral is a case of its own: the service asked for, the partner it is routed to (only with consent), its status,
-- when it must be taken up by, and who declined it already. Earlier referrals were recorded without routing.
ALTER TABLE referral RENAME COLUMN partner TO service;
ALTER TABLE referral DROP CONSTRAINT referral_pkey;
ALTER TABLE referral
    ADD COLUMN id                    uuid,
    ADD COLUMN person_id             uuid,
    ADD COLUMN site_code             text,
    ADD COLUMN status                text,
    ADD COLUMN partner_id            text,
    ADD COLUMN declined_by           text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN created_at            timestamptz,
    ADD COLUMN due_by                timestamptz,
    ADD COLUMN best_interest         boolean     NOT NULL DEFAULT false,
    ADD COLUMN outcome               text,
    ADD COLUMN overdue_flagged_at    timestamptz;
UPDATE referral r
SET id = gen_random_uuid(), person_id = a.person_id, site_code = a.site_code, created_at = a.recorded_at,
    due_by = a.recorded_at + interval '4 hours', status = CASE WHEN r.consent THEN 'unrouted' ELSE 'not-shared' END
FROM arrival a WHERE a.id = r.arrival_id;
ALTER TABLE referral
    ALTER COLUMN id SET NOT NULL, ALTER COLUMN person_id SET NOT NULL, ALTER COLUMN site_code SET NOT NULL,
    ALTER COLUMN status SET NOT NULL, ALTER COLUMN created_at SET NOT NULL, ALTER COLUMN due_by SET NOT NULL,
    ADD PRIMARY KEY (id),
    ADD CONSTRAINT referral_once UNIQUE (arrival_id, service);
CREATE INDEX referral_partner ON referral (partner_id, status);
CREATE INDEX referral_site ON referral (site_code, created_at);
CREATE INDEX referral_due ON referral (due_by) WHERE status = 'routed' AND overdue_flagged_at IS NULL;

-- What a walk-in says of themselves at reception, for the partners their referrals go to.
ALTER TABLE arrival ADD COLUMN sex text, ADD COLUMN age int;

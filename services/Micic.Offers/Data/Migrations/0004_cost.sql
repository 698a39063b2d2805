-- What an offer costs (null: given free), and, once its movement departed and a fund paid it, the charge as Funds made
-- it: the amount by seats used and unused, and the fund.
ALTER TABLE offer ADD COLUMN cost_amount numeric CHECK (cost_amount > 0);
ALTER TABLE offer ADD COLUMN cost_currency char(3);
ALTER TABLE offer ADD COLUMN cost_per text;
ALTER TABLE offer ADD COLUMN charge_id uuid;
ALTER TABLE offer ADD COLUMN charge_amount numeric;
ALTER TABLE offer ADD COLUMN charge_currency char(3);
ALTER TABLE offer ADD COLUMN charge_fund_id uuid;
ALTER TABLE offer ADD COLUMN seats_used int;
ALTER TABLE offer ADD COLUMN seats_unused int;

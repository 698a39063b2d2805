-- Sex and age of the people a movement brings, as Manifests tells them, for the partners their referrals go to.
ALTER TABLE expected_person ADD COLUMN sex text, ADD COLUMN age int;

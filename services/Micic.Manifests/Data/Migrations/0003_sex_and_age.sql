-- Who the passenger is for those who receive them on the way (transit sites, referral partners): sex and age, carried on.
ALTER TABLE passenger ADD COLUMN sex text, ADD COLUMN age int;

-- Held submissions are kept alike wherever they are held (Transit holds walk-ins): what one became, and the site where it
-- was registered (none, for a family).
ALTER TABLE held_submission RENAME COLUMN request_id TO accepted_as;
ALTER TABLE held_submission ADD COLUMN site_code text;

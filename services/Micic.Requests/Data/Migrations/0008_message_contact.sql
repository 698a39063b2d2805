-- How a group may be reached by SMS: the language of its messages and whether it agreed to receive them (the phone is
-- contact_phone). Erased with the rest at retention, the consent kept as a flag.
ALTER TABLE evacuation_request
    ADD COLUMN contact_language    text,
    ADD COLUMN consent_to_messages boolean NOT NULL DEFAULT false;

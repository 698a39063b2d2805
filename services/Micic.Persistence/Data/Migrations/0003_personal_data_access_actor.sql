-- Who read, beside the organisation: a person signed in as themselves (user) or a machine client (client). Until now
-- every token was an organisation's client credentials, so earlier rows name the organisation as a client.
ALTER TABLE personal_data_access ADD COLUMN actor_kind text, ADD COLUMN actor_id text, ADD COLUMN actor_name text;
UPDATE personal_data_access SET actor_kind = 'client', actor_id = organisation_id, actor_name = organisation_id;

-- During a rolling upgrade, instances not yet upgraded still insert rows without an actor: the same rule names theirs.
CREATE FUNCTION personal_data_access_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.actor_kind := coalesce(NEW.actor_kind, 'client');
    NEW.actor_id := coalesce(NEW.actor_id, NEW.organisation_id);
    NEW.actor_name := coalesce(NEW.actor_name, NEW.organisation_id);
    RETURN NEW;
END $$;
CREATE TRIGGER personal_data_access_actor BEFORE INSERT ON personal_data_access
    FOR EACH ROW EXECUTE FUNCTION personal_data_access_actor();

ALTER TABLE personal_data_access
    ALTER COLUMN actor_kind SET NOT NULL, ALTER COLUMN actor_id SET NOT NULL, ALTER COLUMN actor_name SET NOT NULL;
CREATE INDEX personal_data_access_actor_id ON personal_data_access (actor_id, at);

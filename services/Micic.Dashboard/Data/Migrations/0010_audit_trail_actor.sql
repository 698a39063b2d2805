-- Who read, beside the organisation: a person signed in as themselves (user) or a machine client (client), so that the
-- trail can be asked about one person's reads. Until now every token was an organisation's client credentials, so
-- earlier entries name the organisation as a client.
ALTER TABLE audit_trail ADD COLUMN actor_kind text, ADD COLUMN actor_id text, ADD COLUMN actor_name text;
UPDATE audit_trail SET actor_kind = 'client', actor_id = organisation_id, actor_name = organisation_id;

-- Announcements made before actors were recorded, and instances not yet upgraded in a rolling upgrade, name no actor:
-- the same rule names theirs.
CREATE FUNCTION audit_trail_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.actor_kind := coalesce(NEW.actor_kind, 'client');
    NEW.actor_id := coalesce(NEW.actor_id, NEW.organisation_id);
    NEW.actor_name := coalesce(NEW.actor_name, NEW.organisation_id);
    RETURN NEW;
END $$;
CREATE TRIGGER audit_trail_actor BEFORE INSERT ON audit_trail FOR EACH ROW EXECUTE FUNCTION audit_trail_actor();

ALTER TABLE audit_trail ALTER COLUMN actor_kind SET NOT NULL, ALTER COLUMN actor_id SET NOT NULL, ALTER COLUMN actor_name SET NOT NULL;
CREATE INDEX audit_trail_actor ON audit_trail (actor_id, at);

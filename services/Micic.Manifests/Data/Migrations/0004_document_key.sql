-- The document a passenger carries as the same-document check compares it (kind, nationality, number as printed), kept
-- so that a group joining a ship of a thousand is checked against the holders of its own documents, not every passenger.
-- Rows from before are keyed in SQL: separators and case ignored; digits typed on another keyboard are compared as typed.
ALTER TABLE passenger ADD COLUMN document_key text;
UPDATE passenger
SET document_key = upper(document_kind) || '|' || upper(nationality) || '|' || upper(regexp_replace(document_number, '[^[:alnum:]]', '', 'g'))
WHERE lower(document_kind) <> 'none' AND regexp_replace(coalesce(document_number, ''), '[^[:alnum:]]', '', 'g') <> '';
CREATE INDEX passenger_document ON passenger (manifest_id, document_key) WHERE document_key IS NOT NULL;

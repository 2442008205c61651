// Uniqueness of status statement ids (entity, status and key). Idempotent.
// Parameters: none.
CREATE CONSTRAINT status_id IF NOT EXISTS FOR (s:Status) REQUIRE s.id IS UNIQUE

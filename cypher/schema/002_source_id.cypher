// Uniqueness of source ids. Idempotent.
// Parameters: none.
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE

// Uniqueness of ids: every curated node (Entity) and every Source. Idempotent.
// Parameters: none.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE

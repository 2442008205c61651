// Uniqueness of entity ids (every curated node carries the Entity label). Idempotent.
// Source ids have their own constraint, in 002_source_id.
// Parameters: none.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE

// The graph's version, read before a cached answer is used (api/repository/version.py): the
// bookmark this read's session ends with names the database's last committed transaction,
// so it changes on every write. The entity and relationship counts, from Neo4j's count
// store (no scan), are the fallback for a server that returns no bookmark.
// Parameters: none.
CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN entities, relationships

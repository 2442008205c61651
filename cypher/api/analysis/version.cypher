// A cheap reading of the graph's state for the analysis cache (api/analysis/cache.py): the
// entity and relationship counts, from Neo4j's count store (no scan). The cache keys on the
// bookmark this read returns (the database's last committed transaction), which changes on
// every write; the counts are the fallback when a server returns no bookmark.
// Parameters: none.
CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN entities, relationships

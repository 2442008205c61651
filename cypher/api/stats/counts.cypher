// Counts of entities by type, of sources, and of relationships by type.
// Parameters: none.
CALL () {
  MATCH (n:Entity) RETURN 'node' AS kind, n.type AS key, count(*) AS n
  UNION ALL
  MATCH (s:Source) RETURN 'source' AS kind, 'Source' AS key, count(*) AS n
  UNION ALL
  MATCH ()-[r]->() RETURN 'relationship' AS kind, type(r) AS key, count(*) AS n
}
RETURN kind, key, n
ORDER BY kind, key

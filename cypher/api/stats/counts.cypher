// Counts of entities by type, of sources, of relationships between entities (and
// MENTIONED_IN) by semantic type r.type, of the attributed ones among them (stored as
// CLAIMED_<TYPE>) by type, and of status statements by status (HAS_STATUS, which links each
// to its entity, is left out of the relationships).
// Parameters: none.
CALL () {
  MATCH (n:Entity) RETURN 'node' AS kind, n.type AS key, count(*) AS n
  UNION ALL
  MATCH (s:Source) RETURN 'source' AS kind, 'Source' AS key, count(*) AS n
  UNION ALL
  MATCH (:Entity)-[r]->(b) WHERE b:Entity OR b:Source
  RETURN 'relationship' AS kind, r.type AS key, count(*) AS n
  UNION ALL
  MATCH (:Entity)-[r]->(:Entity) WHERE r.attributed_to IS NOT NULL
  RETURN 'attributed' AS kind, r.type AS key, count(*) AS n
  UNION ALL
  MATCH (s:Status) RETURN 'status' AS kind, s.status AS key, count(*) AS n
}
RETURN kind, key, n
ORDER BY kind, key

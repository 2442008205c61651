// The entities with the given ids (subgraph and export nodes).
// Parameters: $ids (list of entity ids).
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN properties(n) AS props

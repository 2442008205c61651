// Every entity, for the whole-graph export.
// Parameters: none.
MATCH (n:Entity)
RETURN properties(n) AS props
ORDER BY n.id

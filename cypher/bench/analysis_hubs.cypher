// The entities with the most fact relationships of the given types, for the analysis
// benchmark (bench/analysis.py): the pair for common neighbours and the hub to exclude.
// Parameters: $types (fact relationship types), $size (how many).
MATCH (n:Entity)
WITH n, COUNT { (n)-[r]-(:Entity) WHERE type(r) IN $types } AS degree
ORDER BY degree DESC
LIMIT $size
RETURN n.id AS id, n.type AS type, degree

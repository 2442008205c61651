// Entities with very few fact relationships, for the API benchmark's unconnected pairs
// (bench/api_overhead.py tries pairs of them until the path query finds none).
// Parameters: $size (how many), $max_degree.
MATCH (n:Entity)
WITH n, COUNT { (n)-[x]-(:Entity) } AS degree
WHERE 0 < degree <= $max_degree
RETURN n.id AS id
ORDER BY n.id
LIMIT $size

// A random sample of entities with at least one fact relationship, for the API benchmark's
// requests (bench/api_overhead.py): id, name and degree.
// Parameters: $size (how many).
MATCH (n:Entity)
WITH n, rand() AS r
ORDER BY r
LIMIT $size * 2
WITH n, COUNT { (n)-[x]-(:Entity) } AS degree
WHERE degree > 0
RETURN n.id AS id, n.name AS name, degree
LIMIT $size

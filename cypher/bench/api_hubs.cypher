// The entities with the most fact relationships (the graph's hubs), for the API benchmark
// (bench/api_overhead.py). Relationship counts come from the node's degree store.
// Parameters: $size (how many), $min_degree.
MATCH (n:Entity)
WITH n, COUNT { (n)-[x]-() } AS degree
WHERE degree >= $min_degree
RETURN n.id AS id, degree
ORDER BY degree DESC
LIMIT $size

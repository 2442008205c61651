// Every curated node (entities, sources, status statements) with its labels and
// properties, for a fingerprint of the graph.
// Parameters: none.
MATCH (n) WHERE n:Entity OR n:Source OR n:Status
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY id

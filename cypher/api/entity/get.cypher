// One entity by id, with the MENTIONED_IN edges that cite it (their quote or note).
// Parameters: $id (entity id).
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[m:MENTIONED_IN]->(:Source)
RETURN properties(n) AS props, collect(properties(m)) AS mentions

// An entity and every curated relation around it, drawn as a graph (the API's deep links
// into Neo4j Browser pre-fill this, with $id bound to the entity's id).
// Parameters: $id: an entity id, e.g. person:ilya-ponomarev.
MATCH p = (n:Entity {id: $id})-[r]-(m:Entity)
RETURN p LIMIT 100

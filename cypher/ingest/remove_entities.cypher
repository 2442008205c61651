// Delete entities the data files no longer define, with any edge still attached.
// Parameters: $ids: list of entity ids.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
DETACH DELETE n
RETURN count(*) AS written

// Create relationships the graph does not hold yet (ingest/plan.py knows which). Both ends
// are found by an index seek and the edge is created, never merged: a MERGE here is planned
// as a scan of every relationship when the database starts empty, which made the ingest
// quadratic. row.type is a storage type from graph/schema.py (checked by the ingest).
// Parameters: $rows: list of {id, type, from, to, props}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
// The target is an Entity, or a Source for MENTIONED_IN.
OPTIONAL MATCH (e:Entity {id: row.to})
OPTIONAL MATCH (s:Source {id: row.to})
WITH row, a, coalesce(e, s) AS b
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(*) AS written

// Create the relationships an FtM import states that the graph does not hold (the importer
// checked). Both ends are found by an index seek and the edge is created, never merged (see
// cypher/ingest/create_relations.cypher). row.type is a storage type from graph/schema.py.
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

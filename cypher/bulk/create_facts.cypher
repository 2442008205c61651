// Create relationships between entities (bulk load into an empty database).
// Parameters: $rows: list of {from, to, type, props}; type is a storage type checked by
// ingest/bulk/bolt.py (graph/schema.py STORAGE_TYPES).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props

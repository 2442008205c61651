// Synthetic relationships between entities for the API benchmark (bench/api_graph.py):
// created, never merged. row.stored is a storage type from graph/schema.py (set by the bench).
// Parameters: $rows: list of {stored, from, to, props}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$(row.stored)]->(b)
SET r = row.props

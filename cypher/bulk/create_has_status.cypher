// Create HAS_STATUS relationships from entities to their Status nodes (bulk load).
// Parameters: $rows: list of {from, to, type, props}; type is HAS_STATUS.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Status {id: row.to})
CREATE (a)-[r:HAS_STATUS]->(b)
SET r = row.props

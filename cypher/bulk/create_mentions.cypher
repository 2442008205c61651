// Create MENTIONED_IN relationships from entities to sources (bulk load).
// Parameters: $rows: list of {from, to, type, props}; type is MENTIONED_IN.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Source {id: row.to})
CREATE (a)-[r:MENTIONED_IN]->(b)
SET r = row.props

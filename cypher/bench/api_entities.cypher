// Synthetic entities for the API benchmark (bench/api_graph.py), each with its MENTIONED_IN
// edge to its source: created, never merged. row.type is a NodeType value (set by the bench).
// Parameters: $rows: list of {type, source, props, mention} (props and mention: property maps).
UNWIND $rows AS row
MATCH (s:Source {id: row.source})
CREATE (n:Entity:$(row.type))
SET n = row.props
CREATE (n)-[m:MENTIONED_IN]->(s)
SET m = row.mention

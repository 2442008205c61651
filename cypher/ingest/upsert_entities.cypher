// Create or replace curated nodes by id: label Entity plus the type label in row.label (a
// NodeType value, checked by the ingest); stale properties and labels are removed.
// Parameters: $rows: list of {id, label, props}.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
SET n:$(row.label)
REMOVE n:$([l IN labels(n) WHERE NOT l IN ['Entity', row.label]])
RETURN count(*) AS written

// Create or replace curated nodes: label Entity plus the type label in row.label (a
// NodeType value, checked by the ingest); stale properties and labels are removed.
// Parameters: $rows: list of {id, label, props}.
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id})
WITH row, old IS NULL AS created,
     old IS NOT NULL AND (properties(old) <> row.props OR NOT row.label IN labels(old)) AS changed
MERGE (n:Entity {id: row.id})
SET n = row.props
SET n:$(row.label)
REMOVE n:$([l IN labels(n) WHERE NOT l IN ['Entity', row.label]])
RETURN row.label AS kind, count(*) AS total,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated

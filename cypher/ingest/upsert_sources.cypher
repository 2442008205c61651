// Create or replace Source nodes; reports how many were new and how many changed.
// Parameters: $rows: list of {id, props}.
UNWIND $rows AS row
OPTIONAL MATCH (old:Source {id: row.id})
WITH row, old IS NULL AS created, old IS NOT NULL AND properties(old) <> row.props AS changed
MERGE (s:Source {id: row.id})
SET s = row.props
RETURN 'Source' AS kind, count(*) AS total,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated

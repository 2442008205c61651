// Create or replace Source nodes by id (an index seek each); stale properties are removed.
// The ingest decides beforehand which rows are new or changed (ingest/plan.py).
// Parameters: $rows: list of {id, props}.
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
SET s = row.props
RETURN count(*) AS written

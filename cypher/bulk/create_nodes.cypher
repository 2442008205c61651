// Create nodes of a bulk load into an empty database (no MERGE: every id is new).
// Parameters: $rows: list of {labels, props}; labels are vocabulary values checked by
// ingest/bulk/bolt.py (Entity plus a NodeType, Source or Status).
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props

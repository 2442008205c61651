// Set what the import tool cannot write (empty lists and strings, such as `aliases: []`)
// on Status nodes, so the graph is what the curated ingest writes.
// Parameters: $rows: list of {id, props}.
UNWIND $rows AS row
MATCH (n:Status {id: row.id})
SET n += row.props

// Set what the import tool cannot write (empty lists and strings) on relationships,
// found by their start node and id.
// Parameters: $rows: list of {start, id, props}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.start})-[r]->()
WHERE r.id = row.id
SET r += row.props

// Replace the properties of relationships the graph holds with other values. The edge is
// found by expanding from its start (an index seek), so the cost does not grow with the graph.
// Parameters: $rows: list of {id, type, from, to, props}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
// Expand from the bound start inside a subquery: a plain MATCH (a)-[r]->(b) here is planned
// as a scan of every relationship, whatever the graph holds.
CALL (a, row) {
  MATCH (a)-[r]->()
  WHERE r.id = row.id
  RETURN r
}
SET r = row.props
RETURN count(*) AS written

// Delete relationships the data files no longer state, each found by expanding from its start.
// Parameters: $rows: list of {id, from, to}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
// Expand from the bound start inside a subquery: a plain MATCH (a)-[r]->(b) here is planned
// as a scan of every relationship, whatever the graph holds.
CALL (a, row) {
  MATCH (a)-[r]->()
  WHERE r.id = row.id
  RETURN r
}
DELETE r
RETURN count(*) AS written

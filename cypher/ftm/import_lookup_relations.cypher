// The relationships an FtM import states that the graph holds already, each found by
// expanding from its start (an index seek), with the sources it cites.
// Parameters: $rows: list of {id, from}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
CALL (a, row) {
  MATCH (a)-[r]->()
  WHERE r.id = row.id
  RETURN r
}
RETURN row.id AS id, coalesce(r.sources, []) AS sources

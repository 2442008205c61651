// The whole graph for the export, in one row: every entity (by id); every relationship
// between entities and every MENTIONED_IN (entity -> source), with its provenance, by type,
// start and end (an attributed one stored as CLAIMED_<TYPE>); every status statement (by
// id); and every source (by id).
// Parameters: none.
CALL () {
  MATCH (a:Entity)-[r]->(b)
  WHERE b:Entity OR (b:Source AND type(r) = 'MENTIONED_IN')
  WITH a, r, b
  ORDER BY type(r), a.id, b.id, r.id
  RETURN collect({element_id: elementId(r), type: type(r), source: a.id, target: b.id,
                  props: properties(r)}) AS rels
}
RETURN COLLECT { MATCH (n:Entity) RETURN properties(n) ORDER BY n.id } AS nodes, rels,
       COLLECT { MATCH (s:Status) RETURN properties(s) ORDER BY s.id } AS statuses,
       COLLECT { MATCH (s:Source) RETURN properties(s) ORDER BY s.id } AS sources

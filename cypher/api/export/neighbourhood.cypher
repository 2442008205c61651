// The neighbourhood of an entity for the export, in one row: `hops`, the fact relationships
// (semantic type r.type in $types; attributed ones are stored as CLAIMED_<TYPE>) that touch an entity fewer than $depth hops from the root, at most
// $max_edges (the API replays the walk on them, for node order and truncation); `nodes`, the
// root and every entity at their ends; `rels`, every relationship among those entities and
// every MENTIONED_IN from them, with its provenance, by type, start and end; `statuses`, the
// status statements of those entities; and `sources`, every source those cite (by id,
// gathered without concatenating the two lists: a copy of every property map would not fit
// the transaction memory around a hub).
// No row: no entity has the id $id.
// Parameters: $id (entity id), $depth (1..3), $types (relationship types), $max_edges.
MATCH (root:Entity {id: $id})
CALL (root) {
  MATCH p = ANY SHORTEST (root) (()-[h]-(:Entity) WHERE h.type IN $types){0,2} (a:Entity)
  WHERE length(p) < $depth
  MATCH (a)-[r]-(:Entity)
  WHERE r.type IN $types
  WITH DISTINCT r
  LIMIT $max_edges
  RETURN collect(r) AS found
}
WITH root, found,
     COLLECT {
       UNWIND [root] + [r IN found | startNode(r)] + [r IN found | endNode(r)] AS n
       RETURN DISTINCT n
     } AS reached
WITH found, reached,
     COLLECT {
       UNWIND reached AS a
       MATCH (a)-[r]->(b)
       WHERE b IN reached OR (b:Source AND type(r) = 'MENTIONED_IN')
       WITH a, r, b
       ORDER BY type(r), a.id, b.id, r.id
       RETURN {element_id: elementId(r), type: type(r), source: a.id, target: b.id,
               props: properties(r)}
     } AS rels
WITH found, reached, rels,
     COLLECT {
       UNWIND reached AS a
       MATCH (a)-[:HAS_STATUS]->(s:Status)
       RETURN properties(s) ORDER BY s.id
     } AS statuses
RETURN [r IN found | {element_id: elementId(r), type: type(r), source: startNode(r).id,
                      target: endNode(r).id, props: {id: r.id}}] AS hops,
       [n IN reached | properties(n)] AS nodes, rels, statuses,
       COLLECT {
         CALL (rels, statuses) {
           UNWIND rels AS rel
           UNWIND rel.props.sources AS id
           RETURN DISTINCT id
           UNION
           UNWIND statuses AS status
           UNWIND status.sources AS id
           RETURN DISTINCT id
         }
         MATCH (s:Source {id: id})
         RETURN properties(s)
         ORDER BY s.id
       } AS sources

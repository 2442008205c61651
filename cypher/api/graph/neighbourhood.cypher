// The neighbourhood of an entity in one read: every fact relationship (semantic type r.type
// in $types, an attributed one being stored as CLAIMED_<TYPE>; holding on $as_of when given)
// that touches an entity fewer than $depth hops from the root, at most $max_edges of them;
// the entities at their ends; and the metadata of every source they cite. The API replays
// the walk hop by hop on these rows (api/repository/walk.py).
// A shortest-path search finds the inner entities, so cost grows with the subgraph, not with
// the number of paths through a hub. No row: no entity has the id $id.
// Parameters: $id (entity id), $depth (1..3), $types (relationship types), $as_of (date or
// null), $max_edges.
MATCH (root:Entity {id: $id})
CALL (root) {
  MATCH p = ANY SHORTEST (root) (()-[h]-(:Entity)
      WHERE h.type IN $types
        AND ($as_of IS NULL OR (
             (h.valid_from_date IS NULL OR h.valid_from_date <= $as_of)
             AND (h.valid_to_date IS NULL OR $as_of <= h.valid_to_date)))){0,2} (a:Entity)
  WHERE length(p) < $depth
  MATCH (a)-[r]-(:Entity)
  WHERE r.type IN $types
    AND ($as_of IS NULL OR (
         (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
         AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))
  WITH DISTINCT r
  LIMIT $max_edges
  RETURN collect(r) AS found
}
RETURN properties(root) AS root,
       [r IN found | {element_id: elementId(r), type: type(r), source: startNode(r).id,
                      target: endNode(r).id, props: properties(r)}] AS rels,
       COLLECT {
         UNWIND found AS r
         UNWIND [startNode(r), endNode(r)] AS n
         WITH DISTINCT n
         RETURN properties(n)
       } AS nodes,
       COLLECT {
         UNWIND found AS r
         UNWIND r.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

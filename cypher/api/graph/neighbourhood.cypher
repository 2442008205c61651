// The neighbourhood of an entity in one read: every fact relationship (semantic type r.type
// in $types, or every fact when $types is null, an attributed one being stored as
// CLAIMED_<TYPE>; holding on $as_of when given) that touches an entity fewer than $depth hops
// from the root, at most $max_edges of them. The API replays the walk hop by hop on these
// rows (api/repository/walk.py), and cuts it at its node limit.
// When there are at most $inline of them (`whole`), each row carries its properties, with the
// entities at their ends and the metadata of every source they cite: one read. Past that
// (a hub), a row carries only what the walk needs ({id}) and no nodes or sources come back:
// the API then reads the details of what the walk kept (api/graph/details), so a hub's
// thousands of relationships are never sent whole.
// A shortest-path search finds the inner entities, so cost grows with the subgraph, not with
// the number of paths through a hub. No row: no entity has the id $id.
// Parameters: $id (entity id), $depth (1..3), $types (relationship types or null), $as_of
// (date or null), $max_edges, $inline.
MATCH (root:Entity {id: $id})
CALL (root) {
  MATCH p = ANY SHORTEST (root) (()-[h]-(:Entity)
      WHERE ($types IS NULL OR h.type IN $types)
        AND ($as_of IS NULL OR (
             (h.valid_from_date IS NULL OR h.valid_from_date <= $as_of)
             AND (h.valid_to_date IS NULL OR $as_of <= h.valid_to_date)))){0,2} (a:Entity)
  WHERE length(p) < $depth
  MATCH (a)-[r]-(:Entity)
  WHERE ($types IS NULL OR r.type IN $types)
    AND ($as_of IS NULL OR (
         (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
         AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))
  WITH DISTINCT r
  LIMIT $max_edges
  RETURN collect(r) AS found
}
WITH root, found, size(found) <= $inline AS whole
WITH root, found, whole, CASE WHEN whole THEN found ELSE [] END AS detailed
RETURN properties(root) AS root, whole,
       [r IN found | {element_id: elementId(r), type: type(r), source: startNode(r).id,
                      target: endNode(r).id,
                      props: CASE WHEN whole THEN properties(r) ELSE {id: r.id} END}] AS rels,
       COLLECT {
         UNWIND detailed AS r
         UNWIND [startNode(r), endNode(r)] AS n
         WITH DISTINCT n
         RETURN properties(n)
       } AS nodes,
       COLLECT {
         UNWIND detailed AS r
         UNWIND r.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

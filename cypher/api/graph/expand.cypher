// One hop of a neighbourhood: the fact relationships touching the frontier whose type is
// in $types and that hold on $as_of (when given: valid_from_date <= day <= valid_to_date,
// an open end holding). Capped at $max_edges rows.
// Parameters: $ids (frontier entity ids), $types (relationship types), $as_of (date or null),
// $max_edges.
MATCH (a:Entity)-[r]-(:Entity)
WHERE a.id IN $ids AND type(r) IN $types
  AND ($as_of IS NULL OR (
       (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
       AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))
WITH DISTINCT r
LIMIT $max_edges
RETURN elementId(r) AS element_id, type(r) AS type, startNode(r).id AS source,
       endNode(r).id AS target, properties(r) AS props

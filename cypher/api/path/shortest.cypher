// All shortest paths between two entities over fact relationships of the types in $types
// that hold on $as_of (when given). The pattern allows at most 6 hops (a literal: Cypher
// takes no parameter there); $max_hops cuts it further. Sources are not Entities, so a path
// never runs through the article that names both ends.
// Parameters: $from, $to (entity ids), $types (relationship types), $as_of (date or null),
// $max_hops (1..6), $limit.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = ALL SHORTEST (a) (()-[r]-(:Entity)
    WHERE type(r) IN $types
      AND ($as_of IS NULL OR (
           (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
           AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))){1,6} (b)
WHERE length(p) <= $max_hops
WITH p
LIMIT $limit
RETURN [n IN nodes(p) | properties(n)] AS nodes,
       [r IN relationships(p) | {element_id: elementId(r), type: type(r),
        source: startNode(r).id, target: endNode(r).id, props: properties(r)}] AS rels

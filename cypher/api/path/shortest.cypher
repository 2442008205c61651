// All shortest paths between two entities over fact relationships of the types in $types
// (semantic type r.type) that hold on $as_of (when given), leaving out attributed ones (a
// party's claim, stored as CLAIMED_<TYPE>) unless $include_attributed, each with the metadata of the sources its relationships
// cite. The pattern allows at most 6 hops (a literal: Cypher takes no parameter there);
// $max_hops cuts it further. Sources are not Entities, so a path never runs through the
// article that names both ends. Every row says whether each end exists; a row without a
// path means no path (or a missing end).
// Parameters: $from, $to (entity ids), $types (relationship types), $as_of (date or null),
// $include_attributed (boolean), $max_hops (1..6), $limit.
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
OPTIONAL MATCH p = ALL SHORTEST (a) (()-[r]-(:Entity)
    WHERE r.type IN $types
      AND ($include_attributed OR r.attributed_to IS NULL)
      AND ($as_of IS NULL OR (
           (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
           AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))){1,6} (b)
WHERE length(p) <= $max_hops
WITH a, b, p
LIMIT $limit
RETURN a IS NOT NULL AS from_found, b IS NOT NULL AS to_found,
       [n IN nodes(p) | properties(n)] AS nodes,
       [r IN relationships(p) | {element_id: elementId(r), type: type(r),
        source: startNode(r).id, target: endNode(r).id, props: properties(r)}] AS rels,
       COLLECT {
         UNWIND relationships(p) AS r
         UNWIND r.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

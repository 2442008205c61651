// All shortest paths between two entities over fact relationships of the types in $types
// (semantic type r.type; null: every fact) that hold on $as_of (when given), leaving out
// attributed ones (a party's claim, stored as CLAIMED_<TYPE>, so told by the stored type
// without a property read) unless $include_attributed, each with the metadata
// of the sources its relationships cite. Sources are not Entities, so a path never runs
// through the article that names both ends. Every row says whether each end exists; a row
// without a path means no path within $max_hops (or a missing end).
// allShortestPaths is a bidirectional breadth-first search: it stops at the first length
// that joins the two ends, and an unconnected pair ends as soon as one side runs out. Every
// predicate is on single relationships and nodes, so Neo4j checks it while searching. The
// pattern allows at most 6 hops (a literal: Cypher takes no parameter there); $max_hops is
// applied to the result, never in the search's WHERE, where it would make Neo4j plan an
// exhaustive fallback search for pairs farther apart than $max_hops.
// Parameters: $from, $to (entity ids), $types (relationship types or null), $as_of (date or null),
// $include_attributed (boolean), $max_hops (1..6), $limit.
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
OPTIONAL MATCH p = allShortestPaths((a)-[*1..6]-(b))
WHERE all(r IN relationships(p) WHERE ($types IS NULL OR r.type IN $types)
          AND ($include_attributed OR NOT type(r) STARTS WITH 'CLAIMED_')
          AND ($as_of IS NULL OR (
               (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
               AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date))))
  AND all(n IN nodes(p) WHERE n:Entity)
WITH a, b, p
LIMIT $limit
WITH a, b, CASE WHEN length(p) <= $max_hops THEN p END AS p
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

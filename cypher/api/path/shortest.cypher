// All shortest paths between two entities over fact relationships of the types in $types
// (semantic type r.type; null: every fact) that hold on $as_of (when given), leaving out
// attributed ones (a party's claim, stored as CLAIMED_<TYPE>, so told by the stored type
// without a property read) unless $include_attributed, every stored type in
// $exclude_types, the entities whose ids are in $exclude, and (with $max_degree) every
// intermediate entity with more than $max_degree fact relations (relationships to other
// entities: its MENTIONED_IN and HAS_STATUS edges, to sources and statuses, do not count;
// the two ends are exempt). Each path comes with the metadata of the sources its
// relationships cite. Sources are not Entities, so a path never runs through the article
// that names both ends. Every row says whether each end exists and which excluded ids were
// found; a row without a path means no path within $max_hops (or a missing end).
// allShortestPaths is a bidirectional breadth-first search: it stops at the first length
// that joins the two ends, and an unconnected pair ends as soon as one side runs out. Every
// predicate is on single relationships and nodes, so Neo4j checks it while searching: the
// excluded entities are read once (index seeks) and compared by identity, and the degree is
// three degree-store reads (all relationships less MENTIONED_IN less HAS_STATUS), never an
// expansion. The pattern allows at most 6 hops (a literal: Cypher takes no parameter
// there); $max_hops is applied to the result, never in the search's WHERE, where it would
// make Neo4j plan an exhaustive fallback search for pairs farther apart than $max_hops.
// $fetch bounds how many shortest paths are read; the API ranks them by evidence.
// Parameters: $from, $to (entity ids), $types (relationship types or null), $as_of (date or
// null), $include_attributed (boolean), $exclude (entity ids), $exclude_types (stored
// relationship types), $max_degree (integer or null), $max_hops (1..6), $fetch.
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
WITH a, b, COLLECT { MATCH (x:Entity) WHERE x.id IN $exclude RETURN x } AS excluded
OPTIONAL MATCH p = allShortestPaths((a)-[*1..6]-(b))
WHERE all(r IN relationships(p) WHERE ($types IS NULL OR r.type IN $types)
          AND NOT type(r) IN $exclude_types
          AND ($include_attributed OR NOT type(r) STARTS WITH 'CLAIMED_')
          AND ($as_of IS NULL OR (
               (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
               AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date))))
  AND all(n IN nodes(p) WHERE n:Entity AND NOT n IN excluded
          AND ($max_degree IS NULL OR n = a OR n = b
               OR COUNT { (n)--() } - COUNT { (n)-[:MENTIONED_IN]->() }
                  - COUNT { (n)-[:HAS_STATUS]->() } <= $max_degree))
WITH a, b, excluded, p
LIMIT $fetch
WITH a, b, excluded, CASE WHEN length(p) <= $max_hops THEN p END AS p
RETURN a IS NOT NULL AS from_found, b IS NOT NULL AS to_found,
       [x IN excluded | x.id] AS excluded,
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

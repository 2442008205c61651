// One entity with the MENTIONED_IN edges that cite it (their quote or note); a page of its
// facts in both directions (semantic type r.type in $types; an attributed one is stored as
// CLAIMED_<TYPE>), sorted by type and name, and the total before the page is cut; its status
// statements, oldest first (which hold on a day: graph/statuses.py); and the metadata of
// every source those cite. No row: no entity.
// Parameters: $id (entity id), $types (list of relationship types), $limit, $offset.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-(m:Entity)
  WHERE r.type IN $types
  WITH r, m
  ORDER BY r.type, m.name, r.id
  RETURN collect({type: type(r), out: startNode(r) = n, props: properties(r),
                  other: {id: m.id, name: m.name, type: m.type}}) AS rels
}
CALL (n) {
  OPTIONAL MATCH (n)-[:HAS_STATUS]->(s:Status)
  WITH s ORDER BY s.valid_from_date IS NULL, s.valid_from_date, s.id
  RETURN collect(properties(s)) AS statuses
}
WITH n, [(n)-[m:MENTIONED_IN]->(:Source) | properties(m)] AS mentions, size(rels) AS total,
     rels[$offset..$offset + $limit] AS rels, statuses
RETURN properties(n) AS props, mentions, total, rels, statuses,
       COLLECT {
         UNWIND mentions + [r IN rels | r.props] + statuses AS fact
         UNWIND fact.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

// One entity with the MENTIONED_IN edges that cite it (their quote or note); a page of its
// facts in both directions (semantic type r.type in $types, or every fact when $types is
// null; an attributed one is stored as CLAIMED_<TYPE>), sorted by type and name, and the
// total before the page is cut; its status statements, oldest first (which hold on a day:
// graph/statuses.py); and the metadata of every source those cite. No row: no entity.
// A hub has thousands of facts: the sort reads only its keys (a top-k of $offset + $limit
// rows) and only the page's facts are projected with their properties, so the cost grows
// with the degree by a few property reads per fact, not by whole facts held in memory.
// Parameters: $id (entity id), $types (list of relationship types or null), $limit, $offset.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-(:Entity)
  WHERE $types IS NULL OR r.type IN $types
  RETURN count(r) AS total
}
CALL (n) {
  MATCH (n)-[r]-(m:Entity)
  WHERE $types IS NULL OR r.type IN $types
  WITH r, m
  ORDER BY r.type, m.name, r.id
  SKIP $offset
  LIMIT $limit
  RETURN collect({type: type(r), out: startNode(r) = n, props: properties(r),
                  other: {id: m.id, name: m.name, type: m.type}}) AS rels
}
CALL (n) {
  OPTIONAL MATCH (n)-[:HAS_STATUS]->(s:Status)
  WITH s ORDER BY s.valid_from_date IS NULL, s.valid_from_date, s.id
  RETURN collect(properties(s)) AS statuses
}
WITH n, [(n)-[m:MENTIONED_IN]->(:Source) | properties(m)] AS mentions, total, rels, statuses
RETURN properties(n) AS props, mentions, total, rels, statuses,
       COLLECT {
         UNWIND mentions + [r IN rels | r.props] + statuses AS fact
         UNWIND fact.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

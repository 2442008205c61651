// One entity with the MENTIONED_IN edges that cite it (their quote or note) and a page of
// its facts in both directions (any type in $types), sorted by type and name; the total
// before the page is cut; and the metadata of every source those cite. No row: no entity.
// Parameters: $id (entity id), $types (list of relationship types), $limit, $offset.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-(m:Entity)
  WHERE type(r) IN $types
  WITH r, m
  ORDER BY type(r), m.name, r.id
  RETURN collect({type: type(r), out: startNode(r) = n, props: properties(r),
                  other: {id: m.id, name: m.name, type: m.type}}) AS rels
}
WITH n, [(n)-[m:MENTIONED_IN]->(:Source) | properties(m)] AS mentions, size(rels) AS total,
     rels[$offset..$offset + $limit] AS rels
RETURN properties(n) AS props, mentions, total, rels,
       COLLECT {
         UNWIND mentions + [r IN rels | r.props] AS fact
         UNWIND fact.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

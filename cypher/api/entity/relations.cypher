// One entity with the MENTIONED_IN edges that cite it (their quote or note); a page of its
// facts in both directions (semantic type r.type in $types; an attributed one is stored as
// CLAIMED_<TYPE>), sorted by type and name, and the total before the page is cut; its status
// statements, oldest first, each saying whether it holds on $as_of; and the metadata of
// every source those cite. No row: no entity.
// A status holds on day D when it started on or before D (valid_from_date: its valid_from,
// or the day its source observed it) and has not ended before D (valid_to_date). Per facet
// the latest such start wins (condition, office); designations ($designation) accumulate:
// every one open on D holds. Ties all hold, so disagreeing sources stay visible. Statements
// with no start never hold.
// Parameters: $id (entity id), $types (list of relationship types), $limit, $offset,
// $as_of (a date; null: today), $designation (graph.schema.Facet.DESIGNATION).
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
  WITH coalesce(date($as_of), date()) AS day
  OPTIONAL MATCH (n)-[:HAS_STATUS]->(s:Status)
  WITH day, s,
       coalesce(s.valid_from_date <= day AND coalesce(day <= s.valid_to_date, true), false)
         AS open
  ORDER BY s.valid_from_date IS NULL, s.valid_from_date, s.id
  WITH day, [row IN collect({s: s, open: open}) WHERE row.s IS NOT NULL] AS all
  RETURN day AS as_of,
         [row IN all | {props: properties(row.s), holds: row.open AND (
            row.s.facet = $designation OR row.s.valid_from_date = reduce(latest = null,
              r IN all | CASE WHEN r.open AND r.s.facet = row.s.facet
                                   AND (latest IS NULL OR r.s.valid_from_date > latest)
                              THEN r.s.valid_from_date ELSE latest END))}] AS statuses
}
WITH n, [(n)-[m:MENTIONED_IN]->(:Source) | properties(m)] AS mentions, size(rels) AS total,
     rels[$offset..$offset + $limit] AS rels, as_of, statuses
RETURN properties(n) AS props, mentions, total, rels, as_of, statuses,
       COLLECT {
         UNWIND mentions + [r IN rels | r.props] + [s IN statuses | s.props] AS fact
         UNWIND fact.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

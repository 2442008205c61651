// What a match result, reconciliation's data extension, preview and entity suggestions
// say beyond the name: for each entity id, its name, aliases and type,
// its status statements (which hold on a day: graph/statuses.py), and the sources that name
// it, with their publishers. Ids with no entity return no row.
// Parameters: $ids (list of entity ids).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  OPTIONAL MATCH (n)-[:HAS_STATUS]->(s:Status)
  WITH s ORDER BY s.valid_from_date IS NULL, s.valid_from_date, s.id
  RETURN collect(properties(s)) AS statuses
}
RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases,
       n.description AS description, statuses,
       COLLECT {
         MATCH (n)-[:MENTIONED_IN]->(src:Source)
         RETURN src {.id, .publisher}
       } AS named_in

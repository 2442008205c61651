// What reconciliation's data extension, preview and entity suggestions read of each entity
// id: its name, type, description and aliases, its status statements with the fields that
// decide whether one holds on a day (graph/statuses.py) and whose claim it is, and how many
// sources name it. Ids with no entity return no row.
// Parameters: $ids (list of entity ids).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  OPTIONAL MATCH (n)-[:HAS_STATUS]->(s:Status)
  WITH s ORDER BY s.valid_from_date IS NULL, s.valid_from_date, s.id
  RETURN collect(s {.status, .facet, .valid_from, .valid_to, .valid_from_date,
                    .valid_to_date, .attributed_to, .attributed_to_name}) AS statuses
}
RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases,
       n.description AS description, statuses,
       COUNT { (n)-[:MENTIONED_IN]->(:Source) } AS sources

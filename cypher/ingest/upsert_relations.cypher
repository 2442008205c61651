// Create or replace relationships by id; row.type is a RelType value (checked by the ingest).
// Parameters: $rows: list of {id, type, from, to, props}.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
// Two indexed look-ups: the target is an Entity, or a Source for MENTIONED_IN.
OPTIONAL MATCH (e:Entity {id: row.to})
OPTIONAL MATCH (s:Source {id: row.to})
WITH row, a, coalesce(e, s) AS b
OPTIONAL MATCH (a)-[old {id: row.id}]->(b)
WITH row, a, b, old IS NULL AS created, old IS NOT NULL AND properties(old) <> row.props AS changed
MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
SET r = row.props
RETURN row.type AS kind, count(*) AS total,
       sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated

// Every relationship among the given entities, MENTIONED_IN (entity -> source) included
// when $mentions is true: the export's edges, with their provenance.
// Parameters: $ids (entity ids, or null for all), $mentions (boolean).
MATCH (a:Entity)-[r]->(b)
WHERE ($ids IS NULL OR a.id IN $ids)
  AND ((b:Entity AND ($ids IS NULL OR b.id IN $ids))
       OR ($mentions AND b:Source AND type(r) = 'MENTIONED_IN'))
RETURN elementId(r) AS element_id, type(r) AS type, a.id AS source, b.id AS target,
       properties(r) AS props
ORDER BY type, source, target

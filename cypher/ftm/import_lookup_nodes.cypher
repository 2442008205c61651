// The nodes an FtM import names that the graph holds already (entities, sources, status
// statements): each one's kind (its type, 'Source' or 'Status'), name and cited sources.
// Parameters: $ids: list of ids.
UNWIND $ids AS id
OPTIONAL MATCH (e:Entity {id: id})
OPTIONAL MATCH (s:Source {id: id})
OPTIONAL MATCH (t:Status {id: id})
WITH id, coalesce(e, s, t) AS n
WHERE n IS NOT NULL
RETURN id,
       CASE WHEN n:Source THEN 'Source' WHEN n:Status THEN 'Status' ELSE n.type END AS kind,
       n.name AS name, coalesce(n.sources, []) AS sources

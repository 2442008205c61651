// The facts of one entity in both directions (any type in $types), sorted by type and name;
// the total before the page is cut.
// Parameters: $id (entity id), $types (list of relationship types), $limit, $offset.
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WHERE type(r) IN $types
WITH n, r, m
ORDER BY type(r), m.name, r.id
WITH collect({type: type(r), out: startNode(r) = n, props: properties(r),
              other: {id: m.id, name: m.name, type: m.type}}) AS rels
RETURN size(rels) AS total, rels[$offset..$offset + $limit] AS rels

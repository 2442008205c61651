// The events an entity is tied to (by any fact type), in date order, undated ones last;
// each with the tie's type, direction, role and sources.
// Parameters: $id (entity id), $limit, $offset.
MATCH (n:Entity {id: $id})-[r]-(ev:Event)
WHERE type(r) <> 'MENTIONED_IN'
WITH n, r, ev
ORDER BY ev.date_start IS NULL, ev.date_start, ev.name, type(r)
WITH collect({event: properties(ev), type: type(r), out: startNode(r) = n,
              props: properties(r)}) AS items
RETURN size(items) AS total, items[$offset..$offset + $limit] AS items

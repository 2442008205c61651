// The events an entity is tied to (by any fact type), in date order, undated ones last;
// each with the tie's stored type (CLAIMED_<TYPE> when attributed), direction, properties
// (role, attribution, sources); the total before the page is cut;
// and the metadata of every source the page cites. No row: no entity has that id.
// Parameters: $id (entity id), $limit, $offset.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r]-(ev:Event)
  WHERE type(r) <> 'MENTIONED_IN'
  WITH r, ev
  ORDER BY ev.date_start IS NULL, ev.date_start, ev.name, r.type
  RETURN collect({event: properties(ev), type: type(r), out: startNode(r) = n,
                  props: properties(r)}) AS items
}
WITH n, size(items) AS total, items[$offset..$offset + $limit] AS items
RETURN n {.id, .name, .type} AS entity, total, items,
       COLLECT {
         UNWIND items AS item
         UNWIND item.props.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

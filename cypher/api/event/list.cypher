// Dated events whose period overlaps [$start, $end] (a month- or year-dated event covers the
// whole month or year), optionally of one kind and involving one actor; in date order, with
// their participants (every fact tie to an entity, by its semantic type r.type, with its
// attribution) and the MENTIONED_IN edges that cite them;
// and the metadata of every source those edges cite.
// Parameters: $start, $end (dates or null), $kind (string or null), $actor (entity id or
// null), $limit, $offset.
MATCH (ev:Event)
WHERE ev.date_start IS NOT NULL
  AND ($end IS NULL OR ev.date_start <= $end)
  AND ($start IS NULL OR coalesce(ev.date_end, ev.date_start) >= $start)
  AND ($kind IS NULL OR ev.kind = $kind)
  AND ($actor IS NULL OR EXISTS {
       MATCH (ev)-[x]-(:Entity {id: $actor}) WHERE type(x) <> 'MENTIONED_IN' })
WITH ev
ORDER BY ev.date_start, ev.name
WITH collect(ev) AS events
WITH size(events) AS total,
     [ev IN events[$offset..$offset + $limit] | {
       props: properties(ev),
       participants: [(ev)-[r]-(p:Entity) WHERE type(r) <> 'MENTIONED_IN' |
                      {id: p.id, name: p.name, type: p.type, relation: r.type,
                       out: startNode(r) = p, role: r.role, attributed_to: r.attributed_to,
                       attributed_to_name: r.attributed_to_name}],
       mentions: [(ev)-[m:MENTIONED_IN]->(:Source) | properties(m)]}] AS items
RETURN total, items,
       COLLECT {
         UNWIND items AS item
         UNWIND item.mentions AS fact
         UNWIND fact.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

// The details of a neighbourhood walk's result, after api/graph/neighbourhood sent only what
// the walk needs: the relationships by element id (each checked against its `id`, so an id
// reused after a re-ingest is not mistaken for another relationship) with their properties,
// the entities by id, and the metadata of every source the relationships cite.
// Parameters: $rels (list of [element id, id] pairs), $nodes (entity ids).
CALL () {
  UNWIND $rels AS pair
  MATCH ()-[r]->()
  WHERE elementId(r) = pair[0] AND coalesce(r.id, '') = pair[1]
  RETURN collect(r) AS found
}
RETURN [r IN found | {element_id: elementId(r), type: type(r), source: startNode(r).id,
                      target: endNode(r).id, props: properties(r)}] AS rels,
       COLLECT {
         UNWIND $nodes AS id
         MATCH (n:Entity {id: id})
         RETURN properties(n)
       } AS nodes,
       COLLECT {
         UNWIND found AS r
         UNWIND r.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

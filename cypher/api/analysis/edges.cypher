// The relationships between given pairs of entities, in full, for the few edges an
// analysis answer shows (a broker's bridges, a community's internal ties), with the same
// filter as analysis/projection ($types, $include_attributed, $as_of), and the metadata
// of every source they cite. Each pair is found by two index seeks and one expand.
// Parameters: $pairs (list of [id, id]), $types (relationship types or null),
// $as_of (date or null), $include_attributed (boolean).
UNWIND $pairs AS pair
MATCH (a:Entity {id: pair[0]})-[r]-(b:Entity {id: pair[1]})
WHERE ($types IS NULL OR r.type IN $types)
  AND ($include_attributed OR NOT type(r) STARTS WITH 'CLAIMED_')
  AND ($as_of IS NULL OR (
       (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
       AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))
WITH DISTINCT r
WITH collect({element_id: elementId(r), type: type(r), source: startNode(r).id,
              target: endNode(r).id, props: properties(r)}) AS rels
RETURN rels,
       COLLECT {
         UNWIND rels AS rel
         UNWIND rel.props.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

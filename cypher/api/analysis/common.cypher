// Neighbours shared by every entity in $ids: entities linked to each of them by a fact
// relationship of the types in $types (semantic type r.type; null: every fact), leaving out
// attributed ones (CLAIMED_<TYPE>) unless $include_attributed, holding on $as_of when given
// (the rule of /paths). Each neighbour comes with every such relationship between it and
// each given entity, and the answer with the metadata of every source they cite.
// The search starts from the given entity with the fewest relationships and checks the
// others with an expand between two bound nodes, so a hub among the ids costs little.
// `missing` lists the ids no entity has (then nothing else is returned). `total` counts
// the shared neighbours before $limit; the most connected come first.
// Parameters: $ids (2..10 entity ids), $types (relationship types or null),
// $as_of (date or null), $include_attributed (boolean), $limit.
UNWIND $ids AS id
OPTIONAL MATCH (e:Entity {id: id})
WITH collect(CASE WHEN e IS NULL THEN id END) AS missing,
     collect(e) AS ends
CALL (missing, ends) {
  WITH ends WHERE missing = []
  UNWIND ends AS e
  WITH e, ends ORDER BY COUNT { (e)--() }, e.id
  WITH collect(e) AS ordered
  WITH head(ordered) AS first, tail(ordered) AS others
  MATCH (first)-[r]-(n:Entity)
  WHERE NOT n.id IN $ids
    AND ($types IS NULL OR r.type IN $types)
    AND ($include_attributed OR NOT type(r) STARTS WITH 'CLAIMED_')
    AND ($as_of IS NULL OR (
         (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
         AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))
  WITH DISTINCT n, first, others
  WHERE all(o IN others WHERE EXISTS {
    MATCH (o)-[s]-(n)
    WHERE ($types IS NULL OR s.type IN $types)
      AND ($include_attributed OR NOT type(s) STARTS WITH 'CLAIMED_')
      AND ($as_of IS NULL OR (
           (s.valid_from_date IS NULL OR s.valid_from_date <= $as_of)
           AND (s.valid_to_date IS NULL OR $as_of <= s.valid_to_date)))
  })
  // Order and cut on a bare count of the ties first: two hubs can share thousands of
  // neighbours, and reading every one's relationships in full outgrows the transaction's
  // memory; only the $limit kept are read in full.
  CALL (n, first, others) {
    UNWIND [first] + others AS e
    MATCH (e)-[r]-(n)
    WHERE ($types IS NULL OR r.type IN $types)
      AND ($include_attributed OR NOT type(r) STARTS WITH 'CLAIMED_')
      AND ($as_of IS NULL OR (
           (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
           AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))
    RETURN count(r) AS ties
  }
  WITH n, ties, first, others ORDER BY ties DESC, n.name, n.id
  WITH collect(n) AS candidates, first, others
  UNWIND candidates[0..$limit] AS n
  CALL (n, first, others) {
    UNWIND [first] + others AS e
    MATCH (e)-[r]-(n)
    WHERE ($types IS NULL OR r.type IN $types)
      AND ($include_attributed OR NOT type(r) STARTS WITH 'CLAIMED_')
      AND ($as_of IS NULL OR (
           (r.valid_from_date IS NULL OR r.valid_from_date <= $as_of)
           AND (r.valid_to_date IS NULL OR $as_of <= r.valid_to_date)))
    WITH r ORDER BY r.type, r.id
    RETURN collect({element_id: elementId(r), type: type(r), source: startNode(r).id,
                    target: endNode(r).id, props: properties(r)}) AS rels
  }
  WITH n, rels, size(candidates) AS total
  ORDER BY size(rels) DESC, n.name, n.id
  RETURN collect({node: properties(n), rels: rels}) AS found, max(total) AS total
}
WITH missing, found AS shared, coalesce(total, 0) AS total
RETURN missing, total, shared,
       COLLECT {
         UNWIND shared AS item
         UNWIND item.rels AS rel
         UNWIND rel.props.sources AS id
         WITH DISTINCT id
         MATCH (s:Source {id: id})
         RETURN s {.id, .title, .publisher, .url, .published}
       } AS sources

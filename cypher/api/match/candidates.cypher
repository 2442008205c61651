// Candidates for a batch of match queries (POST /match, /reconcile, kg screen): for each
// query, the full-text index's hits on its names (`entity_search`, over the folded keys of
// graph/text.py) of the node types its schema allows, with what the scoring reads (the keys)
// and the ranking of namesakes reads (how many sources name each, how many relationships).
// Parameters: $queries (list of {key: the caller's id, lucene: a Lucene query of folded,
// escaped terms, types: list of node types}), $fetch (index hits per query).
UNWIND $queries AS q
CALL (q) {
  CALL db.index.fulltext.queryNodes('entity_search', q.lucene, {limit: $fetch})
  YIELD node, score
  WHERE node.type IN q.types
  RETURN node, score
}
RETURN q.key AS key, node.id AS id, node.name AS name, node.type AS type,
       node.aliases AS aliases, node.search_keys AS keys, score,
       COUNT { (node)-[:MENTIONED_IN]->(:Source) } AS sources, COUNT { (node)--() } AS degree

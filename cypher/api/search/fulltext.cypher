// Candidates for a name search from the full-text index `entity_search` (over search_text:
// spelling-insensitive keys, see graph/text.py), optionally of one type. The API re-ranks
// them exact > prefix > fuzzy using search_keys, and namesakes by how many sources name
// them and how many relationships they have (the degree: a count the store keeps).
// Parameters: $lucene (a Lucene query of folded, escaped terms), $type (label or null),
// $fetch (how many index hits to consider).
CALL db.index.fulltext.queryNodes('entity_search', $lucene, {limit: $fetch})
YIELD node, score
WHERE $type IS NULL OR node.type = $type
RETURN node.id AS id, node.name AS name, node.type AS type, node.aliases AS aliases,
       node.search_keys AS keys, score,
       COUNT { (node)-[:MENTIONED_IN]->(:Source) } AS sources, COUNT { (node)--() } AS degree

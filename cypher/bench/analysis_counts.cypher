// The size of the graph for the analysis benchmark's headings (bench/analysis.py): the
// entities, and the relationships between two entities (facts, attributed ones included;
// MENTIONED_IN and HAS_STATUS end at sources and statuses, so they are not counted).
// Parameters: none.
CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relations }
RETURN entities, relations

// How many nodes and relationships the database holds (from the count store: constant
// time), to check a bulk load against what it converted.
// Parameters: none.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships

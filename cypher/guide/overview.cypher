// The shape of the data: which labels exist and which relationship types join them (drawn
// by Neo4j from the graph itself).
// Parameters: none.
CALL db.schema.visualization()

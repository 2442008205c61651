// Delete every curated node and its relationships, in batches (benchmarks only).
// Parameters: none. Runs as an implicit (auto-commit) transaction.
MATCH (n) WHERE n:Entity OR n:Source
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS

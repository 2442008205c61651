// Delete everything the ingest and the FtM import write (entities, sources, statuses and the
// runs' bookkeeping), in batches, so that a second "empty" run starts empty (benchmarks only).
// Parameters: none. Runs as an implicit (auto-commit) transaction.
MATCH (n) WHERE n:Entity OR n:Source OR n:Status OR n:IngestRun OR n:FtmImport
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS

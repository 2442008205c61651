// Record the state of a batched ingest on the one IngestRun node ('writing' when it starts,
// 'complete' when it ends), and return the state the previous run left, so a run that
// follows a killed one can say so.
// Parameters: $status: 'writing' or 'complete'; $rows: how many rows the run writes.
MERGE (m:IngestRun {id: 'curated'})
WITH m, m.status AS previous
SET m.status = $status, m.rows = $rows, m.at = datetime()
RETURN previous

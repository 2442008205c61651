// Wait until every index (the full-text index included) is online after a bulk load.
// Parameters: $seconds: how long to wait at most.
CALL db.awaitIndexes($seconds)

// Delete every node and relationship, in batches (`kg bulk load --force` on a remote
// database; the local server is overwritten by the import instead).
// Parameters: none. Runs as an implicit (auto-commit) transaction.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

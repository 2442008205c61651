// Liveness of the database: returns one row, ok = 1.
// Parameters: none.
RETURN 1 AS ok

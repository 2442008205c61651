// Whether the database holds any node at all (a bulk load needs an empty database).
// Parameters: none.
MATCH (n) RETURN count(n) > 0 AS found LIMIT 1

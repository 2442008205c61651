// Range index on the day a status statement holds from, for GET /changes (what began
// between two dates). Idempotent.
// Parameters: none.
CREATE RANGE INDEX status_valid_from_date IF NOT EXISTS FOR (s:Status) ON (s.valid_from_date)

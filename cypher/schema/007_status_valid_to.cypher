// Range index on the last day a status statement holds, for GET /changes (what ended
// between two dates). Idempotent.
// Parameters: none.
CREATE RANGE INDEX status_valid_to_date IF NOT EXISTS FOR (s:Status) ON (s.valid_to_date)

// Range index on event start dates, for timelines and date-window queries. Idempotent.
// Parameters: none.
CREATE RANGE INDEX event_date_start IF NOT EXISTS FOR (e:Event) ON (e.date_start)

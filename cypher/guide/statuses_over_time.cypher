// Statuses over time: each (:Status) node is one dated, sourced statement (imprisoned,
// released, dead, in exile, designated "foreign agent", …) linked by HAS_STATUS. Read
// `valid_from`/`valid_to` as given, `valid_from_date` (the day it holds from: its start, or
// the source's publication day) and `valid_to_date` (its end, or with `valid_to_bound:
// no_later_than` the latest day it can have ended). Drawn here for Navalny and Kara-Murza.
// Parameters: none.
MATCH path = (e:Entity)-[:HAS_STATUS]->(:Status)
WHERE e.id IN ['person:alexei-navalny', 'person:vladimir-kara-murza']
RETURN path

// The record of one FtM import (label FtmImport, outside the curated graph and its
// fingerprint): what it created or cited, so `kg import-ftm --remove` takes exactly that
// away. `relations` items are "from<TAB>id"; `cited` items "id<TAB>source" (a citation the
// import added to a node or edge that was there before).
// Parameters: $record: {id, file, datasets, status, entities, sources, statuses,
// relations, cited}.
MERGE (m:FtmImport {id: $record.id})
SET m = $record, m.at = datetime()
RETURN count(*) AS written

// The record of one FtM import, or nothing when no import has that name.
// Parameters: $name: the import's name.
MATCH (m:FtmImport {id: $name})
RETURN properties(m) AS record

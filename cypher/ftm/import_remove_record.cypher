// Delete the record of one FtM import (after its nodes and edges are taken off).
// Parameters: $name: the import's name.
MATCH (m:FtmImport {id: $name})
DELETE m
RETURN count(*) AS written

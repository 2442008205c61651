// Every FtM import the graph holds: its name, file, status and when it was written.
// Parameters: none.
MATCH (m:FtmImport)
RETURN m.id AS name, m.file AS file, m.status AS status, m.at AS at
ORDER BY name

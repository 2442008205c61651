// Create the entities an FtM import brings that the graph does not hold (the importer
// checked): label Entity plus the type label in row.label (a NodeType value, checked).
// Parameters: $rows: list of {id, label, props}.
UNWIND $rows AS row
CREATE (n:Entity)
SET n = row.props
SET n:$(row.label)
RETURN count(*) AS written

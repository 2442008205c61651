// Create the Source nodes an FtM import brings (its datasets, its Articles) that the graph
// does not hold (the importer checked); props carry ftm_dataset.
// Parameters: $rows: list of {id, props}.
UNWIND $rows AS row
CREATE (s:Source)
SET s = row.props
RETURN count(*) AS written

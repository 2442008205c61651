// Synthetic sources for the API benchmark (bench/api_graph.py): created, never merged.
// Parameters: $rows: list of source property maps (id, title, publisher, url, published, …).
UNWIND $rows AS row
CREATE (s:Source)
SET s = row

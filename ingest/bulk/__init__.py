"""The bulk path for large lists: JSON-lines files checked like the curated YAML, loaded
into an empty database by `neo4j-admin database import` or batched Bolt writes
(docs/bulk-format.md; `kg bulk load DIR`)."""

"""The `kg` command, above everything else: it starts the local Neo4j (`local/`), the ingest,
the API and the newsroom gateway, and turns each package's typed errors into one plain
sentence and an exit code (`errors.py`). Nothing below imports it.
"""

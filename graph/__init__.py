"""Connection to Neo4j: settings, drivers, the schema vocabulary and the local server."""

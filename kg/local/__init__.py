"""The local Neo4j server `kg` runs: jars and Java (runtime), its neo4j.conf (conf), start and
stop (server, process), the writer lock (writer), dump and load (dump), `neo4j-admin import`
(admin), and the supervisor that keeps it up under `kg run` (supervise)."""

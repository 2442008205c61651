"""The neo4j.conf the project writes for its local server.

Written anew on every start, so a changed setting (ports, guide host, newsroom mode) takes
effect at the next start. The Browser's lines come from the newsroom (newsroom/browser.py).
"""

from __future__ import annotations

from graph.settings import LocalServerSettings
from kg.local.paths import Paths
from newsroom.browser import browser_settings

# Community runs one user database, always this one (no CREATE DATABASE in Community).
DATABASE = "neo4j"
# What analysts' queries may cost Neo4j. One transaction may hold 256 MiB of
# operator memory (collect, ORDER BY, DISTINCT): a runaway collect fails at once instead of
# filling the heap the API's other reads need (the ingest and the full export use < 64 MiB;
# a depth-3 export around a hub needs more than 128 MiB). All transactions together stay
# under Neo4j's default pool, 70% of the heap.
# A cached plan of a 30-relationship MATCH keeps ~0.4 MB of heap (40: ~0.75 MB): 1000 such
# plans (the default cache) would fill a 512 MB heap, and a server whose heap was full of
# them planned everything 2-4x slower. 250 entries leave room for the project's ~50
# queries and the analysts' (at most ~100 MB of plans). (The planner's
# internal IDP thresholds were tried and changed nothing: planning time goes into the
# relationship-uniqueness predicates, so api/cypher_guard.py caps relationship patterns.)
QUERY_LIMITS = {
    "db.memory.transaction.max": "256m",
    "server.memory.query_cache.per_db_cache_num_entries": "250",
}


def neo4j_conf(settings: LocalServerSettings, paths: Paths, read_only: bool = False) -> str:
    """The whole neo4j.conf. `read_only` is the newsroom mode: the database refuses writes."""
    host = settings.host
    lines = {
        "server.default_listen_address": host,
        "server.default_advertised_address": host,
        "server.bolt.listen_address": f"{host}:{settings.bolt_port}",
        # What the Browser's discovery (GET /) and routing tables offer: the gateway. Drivers
        # with bolt:// (the API, the ingest) connect where they are told and ignore this.
        "server.bolt.advertised_address": f"{host}:{settings.gateway_port}",
        "server.http.listen_address": f"{host}:{settings.http_port}",
        "server.http.advertised_address": f"{host}:{settings.http_port}",
        "server.https.enabled": "false",
        "server.directories.data": str(paths.home / "data"),
        "server.directories.logs": str(paths.logs),
        "server.directories.run": str(paths.pid_file.parent),
        "server.directories.import": str(paths.home / "import"),
        "server.directories.plugins": str(paths.home / "plugins"),
        "server.memory.heap.initial_size": settings.heap,
        "server.memory.heap.max_size": settings.heap,
        "server.memory.pagecache.size": settings.pagecache,
        "dbms.security.auth_enabled": "true",
        "db.transaction.timeout": settings.tx_timeout,
        "dbms.usage_report.enabled": "false",
        # Defence in depth behind the gateway: the database fetches no URL and reads no
        # file for LOAD CSV, whoever asks (the blocklist is internal but honoured in 5.26).
        "internal.dbms.cypher_ip_blocklist": "0.0.0.0/0,::/0",
        "dbms.security.allow_csv_import_from_file_urls": "false",
        **QUERY_LIMITS,
        **browser_settings(settings),
    }
    if read_only:
        # Only the graph; `system` stays writable, so the password can still be changed.
        lines["server.databases.read_only"] = DATABASE
    return "".join(f"{key}={value}\n" for key, value in lines.items())

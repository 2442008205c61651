"""The newsroom gateway: journalists' Bolt (Neo4j Browser, drivers) to Neo4j, reads only.

Community Edition has no roles, so whoever holds Neo4j's password can create users, change
passwords and read the configuration. Journalists get their own login to this gateway
instead; it checks that login, plans every query upstream and relays only those that read
the graph (docs/newsroom.md).
"""

from graph.gateway.proxy import Credentials
from graph.gateway.server import (
    Gateway,
    GatewayError,
    GatewayThread,
    Upstream,
    gateway_for,
    newsroom_credentials,
    serve,
    serve_in_thread,
)

__all__ = [
    "Credentials",
    "Gateway",
    "GatewayError",
    "GatewayThread",
    "Upstream",
    "gateway_for",
    "newsroom_credentials",
    "serve",
    "serve_in_thread",
]

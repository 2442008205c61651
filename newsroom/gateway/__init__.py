"""The newsroom gateway: journalists' Bolt (Neo4j Browser, drivers) to Neo4j, reads only.

Community Edition has no roles, so whoever holds Neo4j's password can create users, change
passwords and read the configuration. Journalists get their own login to this gateway
instead; it checks that login, plans every query upstream and relays only those that read
the graph (docs/newsroom.md). It runs as its own process (`kg gateway`; `kg run` starts and
watches it: newsroom/gateway/child.py), so clients of the gateway can never use up the API's
descriptors or memory.
"""

from newsroom.gateway.child import GatewayProcess
from newsroom.gateway.limits import GatewaySettings
from newsroom.gateway.server import (
    Gateway,
    GatewayThread,
    gateway_for,
    newsroom_credentials,
    serve,
    serve_in_thread,
)
from newsroom.gateway.upstream import Credentials, GatewayError, Upstream

__all__ = [
    "Credentials",
    "Gateway",
    "GatewayError",
    "GatewayProcess",
    "GatewaySettings",
    "GatewayThread",
    "Upstream",
    "gateway_for",
    "newsroom_credentials",
    "serve",
    "serve_in_thread",
]

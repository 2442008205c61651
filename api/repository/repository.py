"""`Repository`: the routers' one way to the graph, one base class per resource.

Each method runs one named query (one round trip; /cypher adds its EXPLAIN check), whose
rows carry the metadata of the sources they cite, so citations need no second read. A
query that returns no row for an id means the entity (or source) does not exist: 404.
The one exception is a hub's neighbourhood: too many relationships to send whole, so the
walk runs on bare rows and a second, small read fetches what it kept.
"""

from __future__ import annotations

from api.repository.changes import Changes
from api.repository.claims import Claims
from api.repository.cypher import Cypher
from api.repository.entities import Entities
from api.repository.events import Events
from api.repository.export import Export
from api.repository.link import Link
from api.repository.match import Matching
from api.repository.paths import Paths
from api.repository.reconcile import Reconciling
from api.repository.search import Search
from api.repository.sources import Sources
from api.repository.stats import Stats


class Repository(
    Entities,
    Search,
    Link,
    Matching,
    Reconciling,
    Paths,
    Changes,
    Events,
    Claims,
    Sources,
    Stats,
    Export,
    Cypher,
):
    """Every resource's reads over one reader (and its driver), one graph version and one
    link index; made and closed by the app's lifespan."""

"""Request and response models: the public side, kept apart from the ingest's models.

One module per resource (entities, search, paths, events, claims, sources, stats, cypher,
export, changes, link, analysis), the shared ones in common.py. Every model is re-exported
here under its own name, which is also its name in the OpenAPI document (so names stay
unique across modules): `from api import schemas` then `schemas.EntityDetail`.
"""

from __future__ import annotations

from api.schemas.analysis import (
    Bridge,
    Broker,
    Brokers,
    Common,
    Communities,
    Community,
    CommunityMember,
    Link,
    Member,
    Projected,
    Shared,
)
from api.schemas.changes import Change, Changes
from api.schemas.claims import Claim, Claims, Verdict
from api.schemas.common import Citation, Edge, Node, NodeRef, Party
from api.schemas.cypher import CypherRequest, CypherResult
from api.schemas.entities import (
    Entity,
    EntityDetail,
    EntityStatus,
    Relation,
    StatusStatement,
    Subgraph,
    Timeline,
    TimelineItem,
)
from api.schemas.events import Event, Events, Participant
from api.schemas.export import Export
from api.schemas.link import LinkedMention, LinkRequest, LinkResult
from api.schemas.paths import Path, PathEvidence, Paths
from api.schemas.search import SearchHit, SearchResults
from api.schemas.sources import Mention, SourceDetail, SourcedFact, SourceList, SourceMeta
from api.schemas.stats import Stats

__all__ = [
    "Bridge",
    "Broker",
    "Brokers",
    "Change",
    "Changes",
    "Citation",
    "Claim",
    "Claims",
    "Common",
    "Communities",
    "Community",
    "CommunityMember",
    "CypherRequest",
    "CypherResult",
    "Edge",
    "Entity",
    "EntityDetail",
    "EntityStatus",
    "Event",
    "Events",
    "Export",
    "Link",
    "LinkRequest",
    "LinkResult",
    "LinkedMention",
    "Member",
    "Mention",
    "Node",
    "NodeRef",
    "Participant",
    "Party",
    "Path",
    "PathEvidence",
    "Paths",
    "Projected",
    "Relation",
    "SearchHit",
    "SearchResults",
    "Shared",
    "SourceDetail",
    "SourceList",
    "SourceMeta",
    "SourcedFact",
    "Stats",
    "StatusStatement",
    "Subgraph",
    "Timeline",
    "TimelineItem",
    "Verdict",
]

"""The API's one data-access layer: `Repository`, created by the app's lifespan.

reader.py opens the sessions (READ access, timeouts, error mapping), the one place the API
does; version.py reads the graph's version, which every cache in the API follows. Each
resource's reads have a module: entities, search, link, match (list screening), reconcile,
paths, changes, events, claims, sources, stats, export and cypher (analyst.py and
bolt_cap.py run analysts' Cypher). base.py holds what they share; rows.py turns query rows
into response models; walk.py replays neighbourhood walks. `Repository` (repository.py)
puts the resources together: the one class the routers see. The analyses (api.analysis)
read through the same reader.
"""

from api.repository.repository import Repository

__all__ = ["Repository"]

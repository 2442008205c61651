"""The API's one data-access layer: `Repository`, created by the app's lifespan.

reader.py opens the sessions (READ access, timeouts, error mapping); rows.py turns query
rows into response models; walk.py replays neighbourhood walks; base.py holds the driver
and the read helpers; listings.py the list, stats and export reads; repository.py the
entity, path, search and link reads. `Repository` is the one class the routers see.
"""

from api.repository.repository import Repository

__all__ = ["Repository"]

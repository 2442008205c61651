"""The API's one data-access layer: `Repository`, created by the app's lifespan.

reader.py opens the sessions (READ access, timeouts, error mapping); rows.py turns query
rows into response models; walk.py replays neighbourhood walks; repository.py has the typed
methods the routers call.
"""

from api.repository.repository import Repository

__all__ = ["Repository"]

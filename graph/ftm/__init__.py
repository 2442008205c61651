"""FollowTheMoney, shared by the read side (api/ftm.py) and the import (ingest/ftm/): the
mapping between the vocabulary and FtM schemata (mapping), and the checks an FtM entity
must pass (check). Needs only followthemoney and graph.schema."""

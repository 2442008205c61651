"""FollowTheMoney, shared by the read side (api/ftm.py) and the import (ingest/ftm/): the
tables between the vocabulary and FtM schemata (tables), the functions over them (mapping),
and the checks an FtM entity must pass (check). Needs only followthemoney and graph.schema."""

"""The W3C Reconciliation Service API (0.2) over the graph, for OpenRefine and its kin.

vocabulary.py names the types and properties the service speaks of; requests.py reads and
checks the two JSON payloads clients send (`queries`, `extend`); queries.py turns a query
batch into the matcher's examples (api/matching) and its answers into candidates;
extend.py answers data extension; suggest.py suggests entities; manifest.py answers the
manifest and the other suggest services, preview.py the HTML card; documents.py is how the
OpenAPI document describes the payloads. The routes are in api/routers/reconcile.py, the
one read of their own in api/repository/reconcile.py.
"""

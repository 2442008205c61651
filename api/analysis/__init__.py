"""Network analysis over HTTP: brokers (betweenness), communities (Leiden, Louvain) and
common neighbours.

projection.py turns one read of the graph (cypher/api/analysis/projection.cypher) into an
integer-indexed simple graph; engine.py computes on it with igraph (seeded, deterministic),
in a worker thread or, for a large projection, a worker process (igraph holds the GIL);
cache.py keeps projections and answers per graph version; service.py puts the answers
together; api/schemas/analysis.py holds the response models. docs/analysis.md says why and
what it costs.
"""

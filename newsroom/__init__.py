"""The newsroom: what journalists in Neo4j Browser meet.

- `gateway/`: the Bolt (and WebSocket) gateway that checks their own login and lets reads
  through, bounded (docs/newsroom.md, docs/security.md);
- `guide.py`, `slides.py`: the Browser guide and style, built from the named queries in
  `cypher/` (served by the API at /guide);
- `browser.py`: the Browser settings and CSP the local server writes into neo4j.conf.
"""

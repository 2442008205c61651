"""Screening lists against the graph: yente-shaped query examples (examples.py), the name
score (score.py) and the bounded batch (service.py) that POST /match, /reconcile and
`kg screen` share; the reads are api/repository/match.py."""

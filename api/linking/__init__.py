"""Mention linking: the known entities an article names, found with one Aho–Corasick pass.

graph/linker.py builds the automaton over folded name keys and links a text (pure, no
Neo4j; `kg link` uses it too); index.py keeps one per process, rebuilt from the graph when
the graph changes.
"""

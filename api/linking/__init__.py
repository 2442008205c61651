"""Mention linking: the known entities an article names, found with one Aho–Corasick pass.

matcher.py builds the automaton over folded name keys and links a text (pure, no Neo4j);
index.py keeps one per process, rebuilt from the graph when the graph changes.
"""

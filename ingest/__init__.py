"""Curated data files in, Neo4j graph out: validate, then load in batches, then clean up."""

"""Benchmarks that print figures (`make bench`); not tests, so nothing fails when slow."""

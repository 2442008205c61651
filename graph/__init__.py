"""What every side shares: the vocabulary (schema, statuses), names (text, morph, linker),
the connection (settings, driver), the bounds on a query's text (query_bounds, plan_guard),
the sourcing report, and the FtM mapping (ftm/)."""

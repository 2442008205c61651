"""The analysts' HTTP API (FastAPI) over the graph."""

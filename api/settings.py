"""The API's own settings (KG_* environment variables); Neo4j's live in graph/settings.py."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.settings import LocalServerSettings


def _default_browser_url() -> str:
    # Follows KG_HTTP_PORT, so links work against the server `make run` started.
    return f"{LocalServerSettings().http_url}/browser/"


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore")

    # Neo4j Browser, for the `browser_url` links on entities (KG_BROWSER_URL).
    browser_url: str = Field(default_factory=_default_browser_url)
    # Ceiling on any one read the API runs for a request (paths, neighbours, export).
    query_timeout: float = Field(default=10.0, gt=0, le=600)
    # POST /cypher: the longest an analyst's query may run, and how many rows come back.
    cypher_timeout: float = Field(default=10.0, gt=0, le=600)
    cypher_max_rows: int = Field(default=1000, ge=1, le=100_000)

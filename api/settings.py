"""The API's own settings (KG_* environment variables); Neo4j's live in graph/settings.py."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.settings import LocalServerSettings


def _default_browser_url() -> str:
    # Follows KG_HTTP_PORT, so links work against the server `make run` started.
    return f"{LocalServerSettings().http_url}/browser/"


# The names a local API is reached by; anything else in a Host header may be DNS rebinding.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore")

    # Neo4j Browser, for the `browser_url` links on entities (KG_BROWSER_URL).
    browser_url: str = Field(default_factory=_default_browser_url)
    # Ceiling on any one read the API runs for a request (paths, neighbours, export).
    query_timeout: float = Field(default=10.0, gt=0, le=600)
    # POST /cypher: the longest an analyst's query may run, and how many rows come back.
    cypher_timeout: float = Field(default=10.0, gt=0, le=600)
    cypher_max_rows: int = Field(default=1000, ge=1, le=100_000)
    # POST /cypher: the most JSON one answer may carry (bytes; past it the rows are cut,
    # a single larger value is a 413), and how many analysts' queries run at once (more
    # get a 429 at once rather than a queue).
    cypher_max_bytes: int = Field(default=4 * 1024 * 1024, ge=64 * 1024, le=1024**3)
    cypher_concurrency: int = Field(default=2, ge=1, le=64)
    # POST /link: the longest text (characters; a longer one, or a body past 6 bytes a
    # character, is a 413 before it is linked) and how many texts are linked at once (more
    # get a 429 at once). Linking is linear: 200,000 characters take about half a second.
    link_max_chars: int = Field(default=200_000, ge=1_000, le=2_000_000)
    link_concurrency: int = Field(default=2, ge=1, le=64)
    # POST /match, /reconcile and kg screen: queries in one batch, the body's bytes (a 413
    # past it, before it is read), the longest one batch may take (a 504), and how many
    # batches are scored at once (more get a 429 at once).
    match_max_queries: int = Field(default=100, ge=1, le=1000)
    match_max_bytes: int = Field(default=1024 * 1024, ge=16 * 1024, le=64 * 1024 * 1024)
    match_timeout: float = Field(default=20.0, gt=0, le=600)
    match_concurrency: int = Field(default=2, ge=1, le=64)
    # Compute the unfiltered brokers and communities when the API starts (seconds at 100k
    # entities), so the first analyst to ask does not wait for them.
    analysis_warm: bool = True
    # API processes (`kg serve --workers`, KG_API_WORKERS): each has its own driver, caches
    # and limits (the per-process limits below apply per worker); the caches follow the
    # graph's version, so every worker answers from the same graph.
    api_workers: int = Field(default=1, ge=1, le=32)
    # Who may ask (api/security.py). Host names the API answers to, comma-separated; ports
    # are ignored, and the guide host's name is always allowed.
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = LOOPBACK_HOSTS
    # Keys clients must send (`Authorization: Bearer <key>` or `X-API-Key`), comma-separated;
    # none: no key asked (loopback only: `kg serve` refuses other addresses without keys).
    api_keys: Annotated[tuple[SecretStr, ...], NoDecode] = ()
    # POST /cypher per key (or client address without keys), e.g. "60/minute"; unset: no limit.
    cypher_rate: str | None = Field(default=None, pattern=r"^[1-9][0-9]*/(second|minute|hour)$")
    # POST /link per key (or client address), as cypher_rate; unset: no limit.
    link_rate: str | None = Field(default=None, pattern=r"^[1-9][0-9]*/(second|minute|hour)$")
    # Where journalists' Browser fetches the guide and style (KG_GUIDE_HOST, as for Neo4j).
    guide_host: str = Field(default_factory=lambda: LocalServerSettings().guide_host)

    @field_validator("allowed_hosts", "api_keys", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

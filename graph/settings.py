"""Settings from the environment (pydantic-settings), in one place."""

from __future__ import annotations

import os
import secrets
import string
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]


def default_state_dir() -> Path:
    """`.neo4j/` in a source checkout; a per-user folder for any other install."""
    if (REPO_ROOT / "pyproject.toml").exists():
        return REPO_ROOT / ".neo4j"
    return Path.home() / ".local" / "share" / "exile-graph"


class LocalServerSettings(BaseSettings):
    """The project's own Neo4j (kg neo4j …). Unused when NEO4J_URI points elsewhere."""

    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore")

    state_dir: Path = Field(default_factory=default_state_dir)
    jar_cache: Path = Path.home() / ".cache" / "exile-graph"
    host: str = "127.0.0.1"
    bolt_port: int = Field(default=7687, ge=1, le=65535)
    http_port: int = Field(default=7474, ge=1, le=65535)
    heap: str = "512m"
    pagecache: str = "256m"
    tx_timeout: str = "60s"
    start_timeout: float = 120.0
    # Where journalists' Browser fetches the guide and the style from (the API).
    guide_host: str = "127.0.0.1:8000"
    # The newsroom gateway (newsroom/gateway/): journalists' own login, reads only.
    gateway_port: int = Field(default=7688, ge=1, le=65535)
    newsroom_user: str = Field(default="journalist", min_length=1)
    newsroom_password: SecretStr | None = None
    # `kg run` leaves the Neo4j it started running when it ends (else it stops it).
    keep_neo4j: bool = False

    @property
    def home(self) -> Path:
        return self.state_dir

    @property
    def gateway_uri(self) -> str:
        return f"bolt://{self.host}:{self.gateway_port}"

    @property
    def newsroom_password_file(self) -> Path:
        return self.state_dir / "newsroom-password"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{self.host}:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @property
    def password_file(self) -> Path:
        return self.state_dir / "password"


class Neo4jSettings(BaseSettings):
    """How to reach Neo4j: the local server by default, or any bolt/neo4j/neo4j+s URI."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", extra="ignore")

    uri: str = Field(default_factory=lambda: LocalServerSettings().bolt_uri)
    user: str = "neo4j"
    password: SecretStr | None = None
    database: str = "neo4j"
    connection_timeout: float = 5.0

    @cached_property
    def secret(self) -> str:
        """NEO4J_PASSWORD if set, else the password stored beside the local server."""
        if self.password is not None:
            return self.password.get_secret_value()
        return read_or_create_password(LocalServerSettings().password_file)


def generate_password() -> str:
    """32 URL-safe characters that never start with '-': neo4j-admin would read one as an option."""
    return secrets.choice(string.ascii_letters + string.digits) + secrets.token_urlsafe(24)[1:]


def read_or_create_password(path: Path) -> str:
    """Read the stored password; on first use generate a strong one, readable by its owner only."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = generate_password()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def neo4j_uri_is_set() -> bool:
    return bool(os.environ.get("NEO4J_URI"))


def local_connection(settings: LocalServerSettings) -> Neo4jSettings:
    """How to reach the local server with its stored (or NEO4J_PASSWORD) password."""
    password = os.environ.get("NEO4J_PASSWORD") or read_or_create_password(settings.password_file)
    return Neo4jSettings(uri=settings.bolt_uri, password=password)

"""The generated Neo4j password: neo4j-admin reads a leading '-' as an option."""

from __future__ import annotations

import secrets

import pytest

from graph import settings


def test_a_password_never_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    # The edge that failed one install in 64: the random part itself starts with '-'.
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "-" + "x" * (4 * n // 3 - 1))
    password = settings.generate_password()
    assert not password.startswith("-")
    assert len(password) == 32


def test_generated_passwords_are_long_and_distinct() -> None:
    passwords = {settings.generate_password() for _ in range(500)}
    assert len(passwords) == 500
    assert all(len(p) == 32 and p[0].isalnum() for p in passwords)

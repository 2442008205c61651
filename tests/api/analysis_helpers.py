"""Shared by the analysis tests: the curated graph's expectations and the API calls.

The expectations come from ingest/data/*.yaml: the prisoner exchange of 1 August 2024
(2024-08-01_meduza_prisoner-exchange-kara-murza.yaml, 2024-11-17_kyiv-independent_berlin-
anti-war-march.yaml) makes Kara-Murza, Yashin, Gershkovich, Whelan and Kurmasheva
SUBJECT_OF one event, each with valid_from 2024-08-01.
"""

from __future__ import annotations

from typing import Any

from api.analysis import service

EXCHANGE = "event:prisoner-exchange-2024-08-01"
KARA_MURZA, YASHIN = "person:vladimir-kara-murza", "person:ilya-yashin"
SUBJECT_OF_EXCHANGE = f"SUBJECT_OF:{KARA_MURZA}->{EXCHANGE}"


def get(api: Any, path: str, **params: Any) -> dict[str, Any]:
    response = api.get(f"/analysis/{path}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def the_analysis(api: Any) -> service.Analysis:
    analysis = api.app.state.analysis
    assert isinstance(analysis, service.Analysis)
    return analysis


def forget(api: Any) -> None:
    """Empty the API's analysis cache, so that the next call computes again."""
    the_analysis(api).cache.entries.clear()

"""The example organisation shipped with chainmap (used by ``chainmap demo``)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["example_path"]


def example_path() -> Path:
    """The folder of the embedded example organisation, Hôpital Saint-Luc."""
    return Path(__file__).parent / "hopital"

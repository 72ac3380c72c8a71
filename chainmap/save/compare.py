"""Compare two organisations as models, ignoring where each thing was declared.

A conversion is lossless when the organisation read back equals the original except for
``source`` (a file and line, or a sheet and row): that is what :func:`same_model` checks,
and :func:`model_differences` says where two models differ, for a useful error.
"""

from __future__ import annotations

from dataclasses import replace
from typing import List

from ..model import Org, Team

__all__ = ["without_sources", "same_model", "model_differences"]


def without_sources(org: Org) -> Org:
    """``org`` with every ``source`` cleared, so that equality compares content only."""
    return replace(
        org,
        source="",
        end_clients={k: replace(c, source=None) for k, c in org.end_clients.items()},
        teams={k: _team_without_sources(t) for k, t in org.teams.items()},
        unknown_references=tuple(replace(u, source=None) for u in org.unknown_references),
    )


def _team_without_sources(team: Team) -> Team:
    return replace(team, source=None,
                   clients=tuple(replace(d, source=None) for d in team.clients),
                   suppliers=tuple(replace(d, source=None) for d in team.suppliers))


def same_model(first: Org, second: Org) -> bool:
    """True when both organisations declare exactly the same things."""
    return without_sources(first) == without_sources(second)


def model_differences(first: Org, second: Org) -> List[str]:
    """Short descriptions of what differs (empty when :func:`same_model`)."""
    a, b = without_sources(first), without_sources(second)
    found = [f"{name}: {getattr(a, name)!r} != {getattr(b, name)!r}"
             for name in ("name", "settings", "links", "unknown_references", "workers")
             if getattr(a, name) != getattr(b, name)]
    found += [f"end client {key}" for key in sorted(a.end_clients.keys() | b.end_clients.keys())
              if a.end_clients.get(key) != b.end_clients.get(key)]
    found += [f"team {key}: {a.teams.get(key)!r} != {b.teams.get(key)!r}"
              for key in sorted(a.teams.keys() | b.teams.keys()) if a.teams.get(key) != b.teams.get(key)]
    return found

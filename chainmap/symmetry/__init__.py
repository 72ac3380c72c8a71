"""The symmetry of attention, measured: the mirror per end client, each team's service
quality received and delivered, and rank correlations (at one time, and lagged over a
history). No click here: ``chainmap symmetry`` is a thin shell over :func:`symmetry_of`.
"""

from __future__ import annotations

from .lagged import Lagged, lagged_correlations
from .mirror import MirrorRow, Symmetry, TeamMirror, symmetry_of
from .scores import summarise, with_survey
from .spearman import MEANINGFUL_N, Correlation, spearman
from .text import correlation_words, symmetry_data, symmetry_text

__all__ = ["Correlation", "Lagged", "MEANINGFUL_N", "MirrorRow", "Symmetry", "TeamMirror", "correlation_words",
           "lagged_correlations", "spearman", "summarise", "symmetry_data", "symmetry_of", "symmetry_text", "with_survey"]

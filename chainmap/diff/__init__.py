"""Comparing findings and organisations: what changed between two versions, and what is known.

- :mod:`~chainmap.diff.changes`: ``chainmap diff OLD NEW``, what changed (links, findings,
  chains, workers), as data, text and JSON;
- :mod:`~chainmap.diff.dot`: the same changes drawn (added in green, removed in grey dashed);
- :mod:`~chainmap.diff.baseline`: known findings (``--baseline``), so that a check reports
  only what is new.

A finding is the same finding in two versions when its :attr:`~chainmap.Finding.key`
(its rule and its subject) is the same, never by its wording.
"""

from .changes import ChainChange, OrgDiff, WorkerChange, diff, diff_data, diff_text

__all__ = ["ChainChange", "OrgDiff", "WorkerChange", "diff", "diff_data", "diff_text"]

"""A finding's words printed alone are sentences: a capital and a full stop, names kept as written."""

from __future__ import annotations

from pathlib import Path

import chainmap
from chainmap.analysis.words import sentences
from tests.orgs import write_files


def test_a_sentence_that_starts_with_a_team_id_keeps_its_case_and_others_take_a_capital(tmp_path: Path) -> None:
    root = write_files(tmp_path / "org", {
        "org.yaml": "org: T\nend_clients: [people]\n",
        "teams/paie.yaml": "id: paie\nclients: [people]\n",  # no name: shown by its id, lower case
        "teams/rh.yaml": "id: rh\nname: Ressources humaines\nclients: [people]\n",
    })
    analysis = chainmap.analyse(chainmap.load(root))
    said = {f.team: sentences(f, analysis.org) for f in analysis.findings if f.rule == "no-members"}
    assert said["paie"][0] == "paie lists no member."
    assert said["rh"][0] == "Ressources humaines lists no member."
    assert all(action[:1].isupper() for _message, action in said.values())

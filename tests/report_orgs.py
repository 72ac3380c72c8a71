"""Organisations for the report's tests: a small readable one and a hostile one.

The hostile one puts markup, event handlers, ``</script>``, comment openers, quotes,
``javascript:`` and line separators in every free-text field a declaration has: the
organisation's, teams', departments', workers', end clients' names, and ``what``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict

from .orgs import team, write_org

__all__ = ["small_org", "hostile_org", "HOSTILE_NAMES", "PAYLOAD_MARK"]

# What the injected scripts would set if they ran; the browser test checks it stays unset.
PAYLOAD_MARK = "__chainmapPwned"

HOSTILE_NAMES = {
    "org": f'<script>window.{PAYLOAD_MARK}="org"</script> & "Co"',
    "script": f"</script><script>window.{PAYLOAD_MARK}='script'</script>",
    "img": f'<img src=x onerror="window.{PAYLOAD_MARK}=\'img\'">',
    "svg": f'<svg onload="window.{PAYLOAD_MARK}=\'svg\'"><a href="javascript:alert(1)">x</a>',
    "quotes": "\"' onmouseover=alert(1) x=\"<!-- -->",
    "dept": f'"><script>window.{PAYLOAD_MARK}="dept"</script>',
    "worker": f"Eve <iframe src=javascript:window.{PAYLOAD_MARK}=1>",
    "client": f"<style>*{{display:none}}</style><b onclick=\"window.{PAYLOAD_MARK}='c'\">Clients</b>",
    "what": "]]> <![CDATA[ x ]]> {n} {teams} $1",
}


def small_org(root: Path) -> Path:
    """Five teams in two departments, two end clients, one broken team and one weak link.

    supplies → kitchen → front → customers; lab → front; lab → partners;
    orphan → stray (a cycle with no exit: broken chains).
    """
    teams = [
        team("supplies", clients=["kitchen"], members=["Alice Martin", "Bruno Leroy"], name="Supplies", department="Support"),
        team("kitchen", clients=["front"], suppliers=[{"id": "supplies", "satisfaction": 4}],
             members=["Chloé Dubois"], name="Central kitchen", department="Support"),
        team("front", clients=["customers"], suppliers=["kitchen", "lab"], members=["Denis Roux", "Élodie Petit"],
             name="Front desk", department="Care"),
        team("lab", clients=["front", "partners"], members=["Fanny Blanc"], name="Laboratory", department="Care"),
        team("orphan", clients=["stray"], suppliers=["stray"], members=["Gaspard Noir"], name="Orphan unit", department="Care"),
        team("stray", clients=["orphan"], suppliers=["orphan"], members=["Hugo Vert"], name="Stray unit", department="Support"),
    ]
    root = write_org(root, teams, end_clients=("customers", "partners"), name="Small & Co")
    return name_end_clients(root, {"customers": "Customers", "partners": "Partner clinics"})


def name_end_clients(root: Path, names: Dict[str, str]) -> Path:
    """Give the end clients of an org written by ``write_org`` display names (any text)."""
    path = root / "org.yaml"
    text = path.read_text(encoding="utf-8")
    for client_id, name in names.items():
        quoted = name.replace("'", "''")
        text = text.replace(f"- id: {client_id}\n", f"- id: {client_id}\n  name: '{quoted}'\n", 1)
    path.write_text(text, encoding="utf-8")
    return root


def hostile_org(root: Path) -> Path:
    """Every free-text field filled with an attempt to break out of HTML, SVG or JSON."""
    names = HOSTILE_NAMES
    teams = [
        team("a", clients=[{"id": "b", "what": names["what"]}], members=[names["worker"]], name=names["script"],
             department=names["dept"]),
        team("b", clients=["end"], suppliers=[{"id": "a", "what": names["quotes"], "satisfaction": 2}],
             members=["Zoé"], name=names["img"], department=names["dept"]),
        team("c", clients=["b"], members=[{"name": names["quotes"], "id": "q"}], name=names["svg"]),
        team("d", members=[], name=names["quotes"]),
    ]
    root = write_org(root, teams, end_clients=("end",), name=names["org"])
    return name_end_clients(root, {"end": names["client"]})

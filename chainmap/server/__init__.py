"""`chainmap serve`: the organisation's folder in a browser, where each team keeps its own declaration.

The YAML files stay the truth; the server is one more consumer and producer of them.

- :mod:`~chainmap.server.state`: every file read once, then only what changes; each state a
  frozen snapshot (organisation, analysis, files that cannot be read).
- :mod:`~chainmap.server.live`: the refresh task and the file watcher (watchfiles); what
  pages wait on.
- :mod:`~chainmap.server.store`: SQLite (standard library): links and sessions stored hashed,
  the append-only journal, declines, anonymous survey answers.
- :mod:`~chainmap.server.security`: who may do what, CSRF, cookies, the headers and CSP of
  every page; :mod:`~chainmap.server.replies`: the one refusal.
- :mod:`~chainmap.server.draft`, :mod:`~chainmap.server.checking`,
  :mod:`~chainmap.server.yaml_surgery`, :mod:`~chainmap.server.yaml_edit`: a form, checked by
  the loader's own rules, written back with only what changed.
- :mod:`~chainmap.server.pages`, :mod:`~chainmap.server.editing`, :mod:`~chainmap.server.inbox`,
  :mod:`~chainmap.server.answers`, :mod:`~chainmap.server.admin`: the routes;
  :mod:`~chainmap.server.app` puts them together (Starlette, uvicorn);
  :mod:`~chainmap.server.invitations`: the links to hand out.

Nothing here imports click (the command is :mod:`chainmap.cli.serve`), and nothing imports
this package unless a server runs: ``chainmap --help`` stays as quick as it was.
"""

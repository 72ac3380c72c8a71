"""Files chainmap writes: never half-written, never over the user's work.

:mod:`~chainmap.files.safe_write` writes each file atomically and refuses outputs that
would land inside the organisation's folder or replace a declaration;
:mod:`~chainmap.files.fingerprint` marks every drawing chainmap writes, so that a later
run may replace its own drawings and no one else's.
"""

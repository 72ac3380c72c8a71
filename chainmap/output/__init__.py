"""Text made safe for a terminal (see :mod:`chainmap.output.terminal`)."""

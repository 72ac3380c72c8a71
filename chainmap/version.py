"""chainmap's version, in a module of its own: drawings and reports print it without importing the whole library."""

__version__ = "0.1.0"

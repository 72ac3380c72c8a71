"""`python -m chainmap`: the same as the `chainmap` command."""

from .cli import main

if __name__ == "__main__":
    main()

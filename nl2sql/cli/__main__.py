"""``python -m nl2sql.cli``."""

from . import main

main()

"""``python -m swingometer`` runs the command line."""

from .cli import main

main()

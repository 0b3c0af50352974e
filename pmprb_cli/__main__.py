"""Allow ``python -m pmprb_cli``."""

from pmprb_cli.cli import main

main()

"""Allow ``python -m pmprb_cli``."""

from pmprb_cli.entry import main

main()

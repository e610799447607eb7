"""`python -m reskg` runs the command-line interface."""

from reskg.cli import main

main()

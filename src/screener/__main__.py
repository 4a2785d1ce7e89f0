"""`python -m screener` runs the command line."""

from screener.cli import main

main()

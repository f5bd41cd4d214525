"""``python -m assistant``: the command line for other tools."""

from assistant.cli import main

main()

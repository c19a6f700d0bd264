"""Allow ``python -m qa_check`` where the console script is not on PATH."""

from qa_check.cli import main

main()

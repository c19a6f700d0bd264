"""The entry point (``qa-check`` and ``python -m qa_check``): Ctrl-C while starting is no traceback.

Importing the command line takes a moment (Typer, pydantic), and so does Typer building the
commands from their signatures; an interrupt then, before a command can catch it, ends quietly
with exit code 130, like an interrupt at any other time.
"""

import sys


def main() -> None:
    """Import and run the command line; an interrupt that no command caught exits 130.

    Other libraries' warnings are filtered first, before importing them (``qa_check.core.quiet``).
    A command catches its own interrupts, to close its report and say how far it got; one that
    reaches here came while starting.
    """
    try:
        import qa_check.core.quiet  # noqa: F401  (importing it applies the filters)
        from qa_check.cli.app import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()

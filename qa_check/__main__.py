"""The entry point (``qa-check`` and ``python -m qa_check``): Ctrl-C while starting is no traceback.

Importing the command line takes a moment (Typer, pydantic); an interrupt then, before the
commands can catch it, ends quietly with exit code 130, like an interrupt at any other time.
"""

import sys


def main() -> None:
    """Import and run the command line; an interrupt while importing exits 130.

    Other libraries' warnings are filtered first, before importing them (``qa_check.quiet``).
    """
    try:
        import qa_check.quiet  # noqa: F401  (importing it applies the filters)
        from qa_check.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()

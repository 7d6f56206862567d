"""PyInstaller entry point: the same CLI as the ``triage-desk`` console script."""

import sys

from triage_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())

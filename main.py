"""Entry point: the GUI by default, headless subcommands for batch work (see cli/)."""

import sys

from cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

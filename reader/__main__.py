import sys

from reader.cli.commands import main

sys.exit(main())

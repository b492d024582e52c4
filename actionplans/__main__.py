import sys

from actionplans.cli import main

sys.exit(main())

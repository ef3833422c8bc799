import sys

from osa_map.cli import main

sys.exit(main())

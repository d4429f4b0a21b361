"""``python -m medcourse`` runs the ``medcourse`` command."""

import sys

from medcourse.cli import main

sys.exit(main())

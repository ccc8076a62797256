import os
import sys

# `python -m gklint` puts the working directory first on sys.path; the `gklint` script does not.
# Drop it, so that a folder of reports can never supply plugins (or shadow one) by its contents.
if sys.path and not getattr(sys.flags, "safe_path", False) and os.path.abspath(sys.path[0] or os.curdir) == os.getcwd():
    del sys.path[0]

from gklint.cli import main

sys.exit(main())

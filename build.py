"""Build the site: ``python build.py content -s pelicanconf.py -o output`` (the arguments
of the ``pelican`` command, ``-e NAME=VALUE`` included). ``invoke build``, ``invoke
publish`` and the tests call it; see docs/architecture.md."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))

from safe_build.command import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The build command: ``python build.py CONTENT -s SETTINGS -o OUTPUT [-e NAME=VALUE ...]``.

It takes the arguments of Pelican's command and sets up logging as Pelican's ``main``
does, then runs this site's build (``safe_build.build``) on the Pelican object. Not
Pelican's ``main``: that calls Pelican's run alone, without the locks, the skip check,
the staging folder and the publishing around it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

logger = logging.getLogger(__name__)


def main(argv: Sequence[str]) -> int:
    from pelican import LOG_HANDLERS, get_instance, parse_arguments
    from pelican.log import init as init_logging

    from sitecore.errors import BuildStopped

    from .safe_build import build

    args = parse_arguments(list(argv))
    if args.autoreload or args.listen:
        sys.stderr.write("build.py chỉ dựng trang: xem thử bằng `invoke livereload`, "
                         "phục vụ thư mục đã dựng bằng `invoke serve`.\n")
        return 2
    init_logging(level=args.verbosity, fatal=args.fatal, name="pelican", handler=LOG_HANDLERS[args.log_handler],
                 logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level))
    try:
        pelican, _ = get_instance(args)
        build(pelican)
    except BuildStopped as stop:  # its problems are printed already
        return stop.code
    except KeyboardInterrupt:
        logger.warning("Đã dừng theo yêu cầu (Ctrl+C): trang đã xuất bản vẫn dùng được, mọi liên kết còn đúng; "
                       "dựng lại để xuất bản nốt những gì đã đổi.")
        return 130
    except Exception as error:  # as Pelican's own command: a bug, logged with its traceback
        logger.critical("%s: %s", type(error).__name__, error, exc_info=True)
        return getattr(error, "exitcode", 1)
    return 0

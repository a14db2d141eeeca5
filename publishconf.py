"""Settings for the published site: absolute addresses."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://khuyenhoc.example.vn")
RELATIVE_URLS = False
# Every text file also as .gz and .br, for gzip_static/brotli_static (docs/nginx.conf).
PRECOMPRESS = True

"""Settings for the published site: absolute addresses."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://khuyenhoc.example.vn")
RELATIVE_URLS = False
# Every text file also as .gz and .br, for gzip_static/brotli_static (docs/nginx.conf).
PRECOMPRESS = True

# The web editor's git host, set by the deployment (docs/cms.md): CMS_BACKEND_NAME
# (forgejo, github or gitlab), CMS_REPO (owner/name), CMS_BASE_URL (the host, and for
# GitHub the OAuth helper), CMS_API_ROOT, CMS_APP_ID (the OAuth application's client id,
# Forgejo and GitLab), CMS_AUTH_ENDPOINT. The local proxy is for `invoke cms` only.
CMS_BACKEND = {
    key: value
    for key, value in {
        "name": os.environ.get("CMS_BACKEND_NAME", CMS_BACKEND["name"]),  # noqa: F405
        "repo": os.environ.get("CMS_REPO", CMS_BACKEND["repo"]),  # noqa: F405
        "branch": os.environ.get("CMS_BRANCH", "main"),
        "base_url": os.environ.get("CMS_BASE_URL", CMS_BACKEND["base_url"]),  # noqa: F405
        "api_root": os.environ.get("CMS_API_ROOT", CMS_BACKEND["api_root"]),  # noqa: F405
        "app_id": os.environ.get("CMS_APP_ID", ""),
        "auth_endpoint": os.environ.get("CMS_AUTH_ENDPOINT", ""),
        "auth_type": os.environ.get("CMS_AUTH_TYPE", ""),
    }.items()
    if value
}
CMS_LOCAL_BACKEND = ""

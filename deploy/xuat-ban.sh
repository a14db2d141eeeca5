#!/usr/bin/env bash
# Pull, build, publish: the self-hosted recipe (docs/deployment.md). Run by
# deploy/khuyenhoc-xuat-ban.timer every 5 minutes (or the cron line in the docs): a
# commit to main (from the web editor or from git) is live within 5 minutes, a
# scheduled article at its time, an expired one (expires:) archived or withdrawn at its
# time. When nothing changed and no article's time (date, expires, featured_until) has come,
# the build does nothing (the skip check) and rsync sends nothing.
#
# Settings (environment; the service file sets them):
#   KHUYENHOC_REPO    the server's clone of the site repository (never edited by hand)
#   KHUYENHOC_TARGET  rsync destination: a folder (/var/www/khuyenhoc/) or user@host:/path/
#   KHUYENHOC_BRANCH  the branch to publish (main)
#   SITEURL           the site's address (publishconf.py)
# A content error stops here with exit status 1 and the Vietnamese message in the
# journal (journalctl -u khuyenhoc-xuat-ban); the site stays as it was.
set -euo pipefail

repo="${KHUYENHOC_REPO:?KHUYENHOC_REPO: thư mục bản sao kho trên máy chủ}"
target="${KHUYENHOC_TARGET:?KHUYENHOC_TARGET: nơi đặt trang (thư mục hoặc user@host:/đường/dẫn/)}"
branch="${KHUYENHOC_BRANCH:-main}"

cd "$repo"
git fetch --quiet origin "$branch"
# The server's copy follows the repository exactly (a force-push included).
git reset --quiet --hard "origin/$branch"
# ./dev installs what the build needs when the lock files changed, then publishes.
exec ./dev publish --target "$target"

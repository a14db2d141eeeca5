"""The old NukeViet addresses and where each one goes now (pure; never imports Pelican).

One table (:class:`LegacyTargets`) is written out in every form a host can use:

* static alias pages ``nv/<sid>/`` (a ``<meta http-equiv="refresh">`` and a
  ``rel="canonical"``): any host, no configuration;
* an nginx ``map`` file (http level, included from ``docs/nginx.conf``);
* Apache: a server-config snippet with ``RewriteMap`` files, and an ``.htaccess`` for
  hosts without access to the server configuration;
* a Netlify-style ``_redirects``.

Every form answers the same old addresses with one 301 (see :func:`resolve`, the
reference the tests hold every form to): ``modules.php?name=News`` with
``op=viewst|file=article|file=print|…&sid=N`` → the story; ``op=viewcat&catid=N`` →
the category; ``file=rss[&catid=N]`` and ``name=Rss`` → the feeds; ``op=archive&day=D&
month=M&year=Y`` (the calendar block) → the day, else the month, else the archive.
Arguments may come in any order and joined by ``&amp;`` (pasted from old HTML).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class LegacyTargets:
    """Old identifiers → new site paths (from the site root, ``/tin/…/``)."""

    stories: Mapping[int, str]
    titles: Mapping[int, str]
    categories: Mapping[int, str] = field(default_factory=dict)
    category_feeds: Mapping[int, str] = field(default_factory=dict)
    days: Mapping[tuple[int, int, int], str] = field(default_factory=dict)
    months: Mapping[tuple[int, int], str] = field(default_factory=dict)
    home: str = "/"
    archive: str = "/tin/"
    categories_index: str = "/chuyen-muc/"
    all_feed: str = "/rss/tat-ca.xml"
    feeds_page: str = "/rss/"
    # Addresses of this site that changed after publication (a title or date edited):
    # old path -> the article's path today.
    moved: Mapping[str, str] = field(default_factory=dict)


def legacy_args(query: str) -> dict[str, str]:
    """The arguments of an old query string; ``&amp;`` joins like ``&``; first wins."""
    out: dict[str, str] = {}
    for key, value in parse_qsl(query.replace("&amp;", "&"), keep_blank_values=True):
        out.setdefault(key.removeprefix("amp;"), value)
    return out


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def resolve(t: LegacyTargets, query: str) -> str | None:
    """Where ``/modules.php?<query>`` goes now; None: nowhere (404)."""
    args = legacy_args(query)
    name, op, file = (args.get(k, "").lower() for k in ("name", "op", "file"))
    sid, catid = _number(args.get("sid")), _number(args.get("catid"))
    if name == "rss":
        return t.feeds_page
    if name != "news":
        return None
    if file == "rss":
        return t.category_feeds.get(catid, t.all_feed) if catid is not None else t.all_feed
    if sid is not None:
        return t.stories.get(sid)
    if op == "viewcat" and catid is not None:
        return t.categories.get(catid, t.categories_index)
    if op == "archive":
        year, month, day = (_number(args.get(k)) for k in ("year", "month", "day"))
        return t.days.get((year, month, day)) or t.months.get((year, month)) or t.archive
    if not op and not file:
        return t.home
    return None


# --- nginx ---------------------------------------------------------------------------

NGINX_MOVED = "if ($nukeviet_moved) { return 301 $nukeviet_moved; }"
NGINX_LOCATION = """location = /modules.php {
    if ($nukeviet_redirect) { return 301 $nukeviet_redirect; }
    return 404;
}"""

_ARGS = ("name", "op", "file", "sid", "catid", "day", "month", "year")


def _nginx_value(path: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9/._~%-]+", path):
        raise ValueError(f"address not safe for the nginx map: {path!r}")
    return path


def nginx_map(t: LegacyTargets) -> str:
    """The http-level part: ``$nukeviet_redirect`` is the new address of the request's
    old query, or empty. ``docs/nginx.conf`` includes this file and answers
    ``/modules.php`` with :data:`NGINX_LOCATION`."""
    entries = len(t.stories) + len(t.categories) + len(t.days) + len(t.months)
    out = [
        "# Old NukeViet addresses (modules.php?...) -> new addresses. Made by every build",
        "# (plugins/redirects); include it at http level (docs/nginx.conf does) and answer",
        "# /modules.php in the server block with:",
        *(f"#   {line}" for line in NGINX_LOCATION.splitlines()),
        "# and the addresses of this site that changed since publication with (server level):",
        f"#   {NGINX_MOVED}",
        f"map_hash_max_size {max(2048, 2 * (entries + 2 * len(t.moved)))};",
        "",
    ]
    for arg in _ARGS:
        # Any argument order, "&amp;" from pasted HTML; sid/catid/day/month without leading zeros.
        value = r"0*(\d+)" if arg in ("sid", "catid", "day", "month") else r"([^&]*)"
        out += [f"map $args $nukeviet_{arg} {{", '    default "";',
                f'    "~(?:^|&)(?:amp;)?{arg}={value}(?:&|$)" $1;', "}"]
    out += ["map $nukeviet_sid $nukeviet_story {", '    default "";']
    out += [f"    {sid} {_nginx_value(path)};" for sid, path in sorted(t.stories.items())]
    out += ["}", "map $nukeviet_catid $nukeviet_category {", f"    default {_nginx_value(t.categories_index)};"]
    out += [f"    {catid} {_nginx_value(path)};" for catid, path in sorted(t.categories.items())]
    out += ["}", "map $nukeviet_catid $nukeviet_feed {", f"    default {_nginx_value(t.all_feed)};"]
    out += [f"    {catid} {_nginx_value(path)};" for catid, path in sorted(t.category_feeds.items())]
    out += ["}", 'map "$nukeviet_year-$nukeviet_month" $nukeviet_month_page {',
            f"    default {_nginx_value(t.archive)};"]
    out += [f"    {y}-{m} {_nginx_value(path)};" for (y, m), path in sorted(t.months.items())]
    out += ["}", 'map "$nukeviet_year-$nukeviet_month-$nukeviet_day" $nukeviet_day_page {',
            "    default $nukeviet_month_page;"]
    out += [f"    {y}-{m}-{d} {_nginx_value(path)};" for (y, m, d), path in sorted(t.days.items())]
    out += [
        "}",
        "# name:file:op:sid:catid, first match wins (the order of resolve() in rules.py).",
        'map "$nukeviet_name:$nukeviet_file:$nukeviet_op:$nukeviet_sid:$nukeviet_catid" $nukeviet_redirect {',
        '    default "";',
        f'    "~*^rss:" {_nginx_value(t.feeds_page)};',
        '    "~*^news:rss:" $nukeviet_feed;',
        r'    "~*^news:[^:]*:[^:]*:\d+:" $nukeviet_story;',
        r'    "~*^news:[^:]*:viewcat::\d+$" $nukeviet_category;',
        '    "~*^news:[^:]*:archive:" $nukeviet_day_page;',
        f'    "~*^news:::" {_nginx_value(t.home)};',
        "}",
        "map $uri $nukeviet_moved {",
        '    default "";',
    ]
    for old, new in sorted(t.moved.items()):
        out.append(f"    {_nginx_value(old)} {_nginx_value(new)};")
        if old.endswith("/"):  # the folder's own page and the address without its slash
            out.append(f"    {_nginx_value(old + 'index.html')} {_nginx_value(new)};")
            out.append(f"    {_nginx_value(old.rstrip('/'))} {_nginx_value(new)};")
    out.append("}")
    return "\n".join(out) + "\n"


# --- Apache --------------------------------------------------------------------------

def apache_maps(t: LegacyTargets) -> dict[str, str]:
    """``RewriteMap`` text files (one ``key value`` a line)."""
    return {
        "stories.txt": "".join(f"{sid} {path}\n" for sid, path in sorted(t.stories.items())),
        "categories.txt": "".join(f"{c} {path}\n" for c, path in sorted(t.categories.items())),
        "feeds.txt": "".join(f"{c} {path}\n" for c, path in sorted(t.category_feeds.items())),
        "days.txt": "".join(f"{y}-{m}-{d} {path}\n" for (y, m, d), path in sorted(t.days.items()))
        + "".join(f"{y}-{m} {path}\n" for (y, m), path in sorted(t.months.items())),
        "moved.txt": "".join(f"{old.rstrip('/')} {new}\n" for old, new in sorted(t.moved.items())),
    }


_ARG = r"(?:^|&)(?:amp;)?"


def apache_config(t: LegacyTargets, folder: str) -> str:
    """Server (or virtual host) configuration using the ``RewriteMap`` files in
    ``folder``: one lookup per request, fast for any number of stories."""
    return "\n".join([
        "# Old NukeViet addresses -> new ones (plugins/redirects). RewriteMap is allowed only in",
        "# the server or virtual-host configuration: Include this file there.",
        "RewriteEngine On",
        f'RewriteMap nvstory "txt:{folder}/stories.txt"',
        f'RewriteMap nvcat "txt:{folder}/categories.txt"',
        f'RewriteMap nvfeed "txt:{folder}/feeds.txt"',
        f'RewriteMap nvday "txt:{folder}/days.txt"',
        f'RewriteMap nvmoved "txt:{folder}/moved.txt"',
        "# Addresses of this site that changed after publication (title or date edited).",
        "RewriteCond ${nvmoved:$1} ^(/.+)$",
        "RewriteRule ^(/.+?)/?(?:index\\.html)?$ %1 [R=301,L]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}name=rss(?:&|$) [NC]",
        f"RewriteRule ^/?modules\\.php$ {t.feeds_page} [R=301,L,QSD]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}name=news(?:&|$) [NC]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}file=rss(?:&|$) [NC]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}catid=0*(\\d+)(?:&|$)",
        f"RewriteRule ^/?modules\\.php$ ${{nvfeed:%1|{t.all_feed}}} [R=301,L,QSD]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}name=news(?:&|$) [NC]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}file=rss(?:&|$) [NC]",
        f"RewriteRule ^/?modules\\.php$ {t.all_feed} [R=301,L,QSD]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}name=news(?:&|$) [NC]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}sid=0*(\\d+)(?:&|$)",
        "RewriteCond ${nvstory:%1} ^(/.+)$",
        "RewriteRule ^/?modules\\.php$ %1 [R=301,L,QSD]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}name=news(?:&|$) [NC]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}op=viewcat(?:&|$) [NC]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}catid=0*(\\d+)(?:&|$)",
        f"RewriteRule ^/?modules\\.php$ ${{nvcat:%1|{t.categories_index}}} [R=301,L,QSD]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}name=news(?:&|$) [NC]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}op=archive(?:&|$) [NC]",
        f"RewriteCond %{{QUERY_STRING}} {_ARG}year=(\\d+)(?:&|$)",
        "RewriteCond %1-%{QUERY_STRING} ^(\\d+)-(?:.*&)?(?:amp;)?month=0*(\\d+)(?:&|$)",
        "RewriteCond %1-%2-%{QUERY_STRING} ^(\\d+)-(\\d+)-(?:.*&)?(?:amp;)?day=0*(\\d+)(?:&|$)",
        f"RewriteRule ^/?modules\\.php$ ${{nvday:%1-%2-%3|${{nvday:%1-%2|{t.archive}}}}} [R=301,L,QSD]",
        "",
    ])


def htaccess(t: LegacyTargets) -> str:
    """For hosts without access to the server configuration (``RewriteMap`` is not
    allowed in ``.htaccess``): one rule per story. Apache reads this file on every
    request, so on a large archive prefer :func:`apache_config`."""
    out = [
        "# Old NukeViet addresses -> new ones (plugins/redirects). With access to the server",
        "# configuration, use nukeviet/apache.conf instead (one lookup, not one rule per story).",
        "RewriteEngine On",
        *(f"RedirectMatch 301 ^{re.escape(old.rstrip('/'))}/?(?:index\\.html)?$ {new}" for old, new in sorted(t.moved.items())),
        f"RewriteCond %{{QUERY_STRING}} {_ARG}name=rss(?:&|$) [NC]",
        f"RewriteRule ^modules\\.php$ {t.feeds_page} [R=301,L,QSD]",
    ]
    for catid, path in sorted(t.category_feeds.items()):
        out += [f"RewriteCond %{{QUERY_STRING}} {_ARG}name=news(?:&|$) [NC]",
                f"RewriteCond %{{QUERY_STRING}} {_ARG}file=rss(?:&|$) [NC]",
                f"RewriteCond %{{QUERY_STRING}} {_ARG}catid=0*{catid}(?:&|$)",
                f"RewriteRule ^modules\\.php$ {path} [R=301,L,QSD]"]
    out += [f"RewriteCond %{{QUERY_STRING}} {_ARG}name=news(?:&|$) [NC]",
            f"RewriteCond %{{QUERY_STRING}} {_ARG}file=rss(?:&|$) [NC]",
            f"RewriteRule ^modules\\.php$ {t.all_feed} [R=301,L,QSD]"]
    for sid, path in sorted(t.stories.items()):
        out += [f"RewriteCond %{{QUERY_STRING}} {_ARG}name=news(?:&|$) [NC]",
                f"RewriteCond %{{QUERY_STRING}} {_ARG}sid=0*{sid}(?:&|$)",
                f"RewriteRule ^modules\\.php$ {path} [R=301,L,QSD]"]
    for catid, path in sorted(t.categories.items()):
        out += [f"RewriteCond %{{QUERY_STRING}} {_ARG}op=viewcat(?:&|$) [NC]",
                f"RewriteCond %{{QUERY_STRING}} {_ARG}catid=0*{catid}(?:&|$)",
                f"RewriteRule ^modules\\.php$ {path} [R=301,L,QSD]"]
    for (y, m, d), path in sorted(t.days.items()):
        out += [f"RewriteCond %{{QUERY_STRING}} {_ARG}op=archive(?:&|$) [NC]",
                f"RewriteCond %{{QUERY_STRING}} {_ARG}year={y}(?:&|$)",
                f"RewriteCond %{{QUERY_STRING}} {_ARG}month=0*{m}(?:&|$)",
                f"RewriteCond %{{QUERY_STRING}} {_ARG}day=0*{d}(?:&|$)",
                f"RewriteRule ^modules\\.php$ {path} [R=301,L,QSD]"]
    out += [f"RewriteCond %{{QUERY_STRING}} {_ARG}op=archive(?:&|$) [NC]",
            f"RewriteRule ^modules\\.php$ {t.archive} [R=301,L,QSD]"]
    return "\n".join(out) + "\n"


# --- Netlify-style _redirects ----------------------------------------------------------

def netlify_redirects(t: LegacyTargets) -> str:
    """``_redirects`` (Netlify, Cloudflare Pages): query arguments match in any order;
    each rule comes twice, the second for ``&amp;``-joined addresses. First match wins."""
    rules: list[tuple[str, str]] = [("name=Rss", t.feeds_page)]
    rules += [(f"name=News file=rss catid={c}", p) for c, p in sorted(t.category_feeds.items())]
    rules += [("name=News file=rss", t.all_feed)]
    rules += [(f"name=News sid={s}", p) for s, p in sorted(t.stories.items())]
    rules += [(f"name=News op=viewcat catid={c}", p) for c, p in sorted(t.categories.items())]
    rules += [(f"name=News op=archive year={y} month={m} day={d}", p) for (y, m, d), p in sorted(t.days.items())]
    out = ["# Old NukeViet addresses -> new ones (plugins/redirects)."]
    out += [f"{old} {new} 301!" for old, new in sorted(t.moved.items())]
    for args, path in rules:
        out.append(f"/modules.php {args} {path} 301!")
        first, *rest = args.split()
        if rest:
            out.append(f"/modules.php {' '.join([first, *(f'amp;{a}' for a in rest)])} {path} 301!")
    return "\n".join(out) + "\n"


# --- alias pages ---------------------------------------------------------------------

def alias_page(title: str, relative: str, absolute: str) -> str:
    """A page any host serves: readers are sent on at once, search engines see the
    canonical address."""
    t, rel, absolute = html.escape(title), html.escape(relative, quote=True), html.escape(absolute, quote=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        # Nothing to run or load: the strictest policy (a refresh is not a fetch it governs).
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n"
        f"<title>{t}</title>\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={rel}\">\n"
        f"<link rel=\"canonical\" href=\"{absolute}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
        f"<p>Bài viết đã chuyển sang địa chỉ mới: <a href=\"{rel}\">{t}</a>.</p>\n</body>\n</html>\n"
    )

"""docs/nginx.conf for real: Debian's nginx serves a built site with it on a free
loopback port, and every kind of response carries the security headers.

nginx drops the server's ``add_header`` lines in any location that has one of its own;
this test requests a file from each kind of location (pages, photos, feeds, downloads,
a precompressed copy, a missing page), so a header lost that way fails here.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian package: nginx)")


def site_config(conf: str, root: Path, port: int, brotli: bool) -> str:
    """docs/nginx.conf made to serve ``root`` over plain HTTP on 127.0.0.1:``port``
    (no certificate here). Each change must apply, so a reworded file fails loudly."""

    def change(pattern: str, replacement: str, count: int, text: str) -> str:
        new, n = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        assert n == count, f"docs/nginx.conf: expected {count} match(es) of {pattern!r}, found {n}"
        return new

    conf = change(r"^server \{[^{}]*return 301[^{}]*\}\n", "", 1, conf)  # the redirect to HTTPS
    conf = change(r"^\s*listen .*;\n", "", 2, conf)
    conf = change(r"^\s*ssl_certificate(_key)?\s.*;\n", "", 2, conf)
    conf = change(r"^\s*http2 on;\n", "", 1, conf)  # nginx >= 1.25.1; Debian 12 has 1.22
    conf = change(r"^(\s*)root .*;", rf"\1root {root};\n\1listen 127.0.0.1:{port};", 1, conf)
    conf = change(r"^include /var/www/khuyenhoc/", f"include {root}/", 1, conf)  # the redirects plugin's map
    if not brotli:
        conf = change(r"^\s*brotli_static on;\n", "", 1, conf)
    return conf


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx_site(site, tmp_path_factory):
    """A small built site (precompressed, a photo, downloads) served by nginx."""
    site.image("images/2024/le-trao.jpg", (800, 600))
    site.article("trao", title="Trao học bổng", image="images/2024/le-trao.jpg",
                 body="Nội dung bài. " * 40 + "\n\n[Biểu mẫu]({static}/files/bieu-mau.pdf)")
    site.write("files/bieu-mau.pdf", "%PDF-1.4\n%%EOF\n")
    result = site.build("PRECOMPRESS=true", "PRECOMPRESS_MIN_SIZE=0")
    assert result.returncode == 0, result.stderr
    # The build refuses pages and SVGs as attachments (tests/attachments); the server
    # still sends any that reach files/ by hand as downloads, never as the site.
    (result.output / "files/trang.html").write_text("<script>alert(document.cookie)</script>\n")
    (result.output / "files/hinh.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n')

    run = tmp_path_factory.mktemp("nginx")
    port = free_port()
    brotli = BROTLI_MODULE.is_file()
    served = site_config((ROOT / "docs/nginx.conf").read_text(encoding="utf-8"), result.output.resolve(), port,
                         brotli)
    temp_paths = "".join(f"    {name}_temp_path {run / name};\n"
                         for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    config = run / "nginx.conf"
    config.write_text(
        # As root the workers would run as "nobody", who cannot read the test's folder.
        ("user root;\n" if os.geteuid() == 0 else "")
        + (f"load_module {BROTLI_MODULE};\n" if brotli else "")
        + f"daemon off;\nworker_processes 1;\npid {run / 'nginx.pid'};\nerror_log {run / 'error.log'} warn;\n"
        + "events { worker_connections 64; }\n"
        + f"http {{\n    access_log off;\n{temp_paths}{served}\n}}\n",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(run)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "[warn]" not in check.stderr and "[emerg]" not in check.stderr, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(run)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        yield result.output, port
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def page_policy(html: str) -> dict[str, list[str]]:
    class Meta(HTMLParser):
        policy = ""

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
                Meta.policy = a.get("content") or ""

    Meta().feed(html)
    return directives(Meta.policy)


def editor_policy() -> dict[str, list[str]]:
    """The web editor's policy in a published build (plugins/cms, publishconf.py's git
    host): the header nginx sends for quan-tri/ must allow exactly what its page does."""
    import runpy
    import sys

    from cms.cms import CmsSettings, policy

    argv, sys.argv = sys.argv, ["publishconf.py"]
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        settings = runpy.run_path(str(ROOT / "publishconf.py"))
    finally:
        os.chdir(cwd)
        sys.argv = argv
    return directives(policy(CmsSettings.from_pelican(settings)))


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_every_response_carries_the_security_headers(nginx_site):
    output, port = nginx_site
    photo = "/" + next(output.glob("anh/*/*.jpg")).relative_to(output).as_posix()
    article = "/" + next(output.glob("tin/*/*/*/*/index.html")).parent.relative_to(output).as_posix() + "/"
    requests = {
        "page": ("/", {}),
        "article": (article, {}),
        "page, gzip": ("/", {"Accept-Encoding": "gzip"}),
        "photo": (photo, {}),
        "rss": ("/rss/tat-ca.xml", {}),
        "rss, gzip": ("/rss/tat-ca.xml", {"Accept-Encoding": "gzip"}),
        "atom": ("/atom/tat-ca.xml", {}),
        "feeds page": ("/rss/", {}),
        "opml": ("/rss/khuyen-hoc.opml", {}),
        "pdf": ("/files/bieu-mau.pdf", {}),
        "html download": ("/files/trang.html", {}),
        "svg download": ("/files/hinh.svg", {}),
        "saved article": (article + "bai-viet.html", {}),
        "theme": ("/theme/css/site.css", {}),
        "missing": ("/khong-co/", {}),
        "web editor": ("/quan-tri/", {}),
    }
    responses = {name: get(port, path, **headers) for name, (path, headers) in requests.items()}
    policy = page_policy(responses["page"][2].decode("utf-8"))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    problems = {}
    for name, (status, headers, _body) in responses.items():
        found = [f"{h}: {headers.get(h)!r}" for h, v in SECURITY_HEADERS.items() if headers.get(h) != v]
        # The page's own policy, plus what only a header can say: nobody may frame the site.
        expected = editor_policy() if name == "web editor" else policy
        if directives(headers.get("content-security-policy", "")) != {**expected, "frame-ancestors": ["'none'"]}:
            found.append(f"content-security-policy: {headers.get('content-security-policy')!r}")
        if "camera=()" not in headers.get("permissions-policy", "") or "geolocation=()" not in headers.get(
                "permissions-policy", ""):
            found.append(f"permissions-policy: {headers.get('permissions-policy')!r}")
        if "cache-control" not in headers:
            found.append("no cache-control")
        if found:
            problems[name] = (status, found)
    assert problems == {}

    def status(name): return responses[name][0]
    def header(name, h): return responses[name][1].get(h)

    assert {n: status(n) for n in responses if status(n) != 200} == {"missing": 404}
    # precompressed copies (gzip_static), the same bytes as the file
    for name, plain in (("page, gzip", "page"), ("rss, gzip", "rss")):
        assert header(name, "content-encoding") == "gzip" and header(plain, "content-encoding") is None
        assert gzip.decompress(responses[name][2]) == responses[plain][2]
    # types and cache lifetimes by path
    assert header("rss", "content-type") == "application/rss+xml; charset=utf-8"
    assert header("atom", "content-type").startswith("application/atom+xml")
    assert header("feeds page", "content-type") == "text/html; charset=utf-8"
    assert header("photo", "cache-control") == "public, max-age=31536000, immutable"
    assert header("rss", "cache-control") == "public, max-age=300"
    assert header("theme", "cache-control") == "public, max-age=86400"
    assert header("page", "cache-control") == "public, max-age=0, must-revalidate"
    # downloads that could run as the site are saved, not shown; PDFs open in the viewer
    assert header("html download", "content-disposition") == "attachment"
    assert header("svg download", "content-disposition") == "attachment"
    assert header("saved article", "content-disposition") == "attachment"
    assert header("pdf", "content-disposition") is None
    assert header("page", "content-disposition") is None and header("photo", "content-disposition") is None

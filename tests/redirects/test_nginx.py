"""Old addresses against real nginx: a NukeViet dump imported, the site built with
``pelican``, nginx started with the generated map and docs/nginx.conf's location; each
old form answers one 301 to a page that exists."""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import Site
from tests.nukeviet_import.dumps import real_dumps, run_import

ROOT = Path(__file__).resolve().parents[2]
STORY_1 = "/tin/2009/03/15/dai-hoi-hoi-khuyen-hoc-tinh-yen-bai-lan-thu-iv/"
STORY_2 = "/tin/2009/03/10/trao-hoc-bong-cho-hoc-sinh-ngheo/"
STORY_3 = "/tin/2009/03/10/trao-hoc-bong-cho-hoc-sinh-ngheo-3/"

OLD_ADDRESSES = [
    ("/modules.php?name=News&op=viewst&sid=1", STORY_1),
    ("/modules.php?sid=1&op=viewst&name=News", STORY_1),
    ("/modules.php?name=News&amp;op=viewst&amp;sid=1", STORY_1),
    ("/modules.php?name=News&file=article&sid=2", STORY_2),
    ("/modules.php?name=News&file=print&sid=3", STORY_3),
    ("/modules.php?name=News&op=viewcat&catid=3", "/chuyen-muc/guong-sang-hieu-hoc/"),
    ("/modules.php?name=News&op=viewcat&catid=2", "/chuyen-muc/hoat-dong-hoi/"),
    ("/modules.php?name=News&file=rss", "/rss/tat-ca.xml"),
    ("/modules.php?name=News&file=rss&catid=3", "/rss/chuyen-muc/guong-sang-hieu-hoc.xml"),
    ("/modules.php?name=Rss", "/rss/"),
    ("/modules.php?name=News&op=archive&day=15&month=3&year=2009", "/tin/2009/03/15/"),
    ("/modules.php?year=2009&month=03&day=16&op=archive&name=News", "/tin/2009/03/"),
]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    dumps = real_dumps()
    site = Site(tmp_path_factory.mktemp("redirects"))
    result = run_import(dumps.latin1, site.content, "--uploads", str(dumps.uploads))
    assert result.returncode == 0, result.stdout + result.stderr
    build = site.build()
    assert build.returncode == 0, build.stderr[-3000:]
    return site


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _docs_server_lines() -> str:
    """docs/nginx.conf's lines for old addresses (server level), as shipped."""
    docs = (ROOT / "docs" / "nginx.conf").read_text(encoding="utf-8")
    assert "include /var/www/khuyenhoc/nukeviet/nginx.conf;" in docs
    moved = re.search(r"^    if \(\$nukeviet_moved\).*$", docs, re.M).group(0)
    location = re.search(r"^    location = /modules\.php \{.*?^    \}", docs, re.S | re.M).group(0)
    return moved + "\n" + location


@contextlib.contextmanager
def nginx_serving(output: Path, root: Path):
    """Debian's nginx on a free port serving ``output`` with the generated map."""
    if shutil.which("nginx") is None:
        pytest.fail("Debian's nginx is not installed: ./dev test installs it")
    port = _free_port()
    (root / "nginx.conf").write_text(f"""
daemon off;
master_process off;
user root;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {output}/nukeviet/nginx.conf;
    server {{
        listen 127.0.0.1:{port};
        root {output};
        index index.html;
        location / {{ try_files $uri $uri/ =404; }}
{_docs_server_lines()}
    }}
}}
""", encoding="utf-8")
    check = subprocess.run(["nginx", "-t", "-p", str(root), "-c", str(root / "nginx.conf")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(["nginx", "-p", str(root), "-c", str(root / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def nginx(built_site, tmp_path_factory):
    with nginx_serving(built_site.output, tmp_path_factory.mktemp("nginx")) as port:
        yield port


def _get(port: int, path: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES)
def test_old_address_answers_one_301_to_a_page_that_exists(nginx, built_site, old, new):
    response = _get(nginx, old)
    assert response.status == 301, old
    target = urlsplit(response.getheader("Location"))
    assert target.path == new and not target.query
    file = built_site.output / target.path.lstrip("/")
    assert (file / "index.html" if target.path.endswith("/") else file).is_file()
    assert _get(nginx, target.path).status == 200  # one hop: the new address is the page


def test_unknown_story_is_not_found(nginx):
    assert _get(nginx, "/modules.php?name=News&op=viewst&sid=999").status == 404


def test_static_alias_pages_and_other_hosts_rules(built_site):
    page = (built_site.output / "nv" / "1" / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page).group(1)
    assert refresh == "../.." + STORY_1
    assert (built_site.output / "nv" / "1" / refresh / "index.html").resolve().is_file()
    assert f'<link rel="canonical" href="http://localhost:8000{STORY_1}">' in page
    assert not (built_site.output / "nv" / "0").exists()  # the scheduled story has no sid
    netlify = (built_site.output / "_redirects").read_text(encoding="utf-8")
    assert f"/modules.php name=News sid=1 {STORY_1} 301!" in netlify
    htaccess = (built_site.output / ".htaccess").read_text(encoding="utf-8")
    assert f"RewriteRule ^modules\\.php$ {STORY_1} [R=301,L,QSD]" in htaccess
    assert f"1 {STORY_1}\n" in (built_site.output / "nukeviet" / "stories.txt").read_text(encoding="utf-8")


def test_an_address_changed_after_publication_keeps_answering(tmp_path):
    site = Site(tmp_path / "site")
    old = site.article("2012/2012-11-20-ton-vinh", title="Tôn vinh gia đình hiếu học", date="2012-11-20 10:00",
                       legacy_sid=41, slug="ton-vinh-gia-dinh")
    plain = site.article("2013/2013-01-05-khai-giang", title="Khai giảng lớp học", date="2013-01-05 08:00")
    assert site.build().returncode == 0
    record = tmp_path / "site" / "data" / "dia-chi-da-dang.json"
    assert '"sid:41": [\n   "tin/2012/11/20/ton-vinh-gia-dinh/"' in record.read_text(encoding="utf-8")
    # An editor fixes the slug of one and the date of the other.
    old.write_text(old.read_text(encoding="utf-8").replace("slug: ton-vinh-gia-dinh", "slug: ton-vinh"),
                   encoding="utf-8")
    plain.write_text(plain.read_text(encoding="utf-8").replace("2013-01-05 08:00", "2013-01-06 08:00"),
                     encoding="utf-8")
    result = site.build()
    assert result.returncode == 0, result.stderr[-2000:]
    moved = {"/tin/2012/11/20/ton-vinh-gia-dinh/": "/tin/2012/11/20/ton-vinh/",
             "/tin/2013/01/05/khai-giang-lop-hoc/": "/tin/2013/01/06/khai-giang-lop-hoc/"}
    for before, now in moved.items():
        page = (site.output / before.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="http://localhost:8000{now}">' in page
        assert f"{before} {now} 301!" in (site.output / "_redirects").read_text(encoding="utf-8")
    with nginx_serving(site.output, tmp_path) as port:
        for before, now in moved.items():
            for asked in (before, before + "index.html", before.rstrip("/")):
                response = _get(port, asked)
                assert (response.status, urlsplit(response.getheader("Location")).path) == (301, now), asked
            assert _get(port, now).status == 200
        response = _get(port, "/modules.php?name=News&op=viewst&sid=41")
        assert urlsplit(response.getheader("Location")).path == "/tin/2012/11/20/ton-vinh/"
    # A third build with nothing changed leaves the record as it is.
    text = record.read_text(encoding="utf-8")
    assert site.build().returncode == 0 and record.read_text(encoding="utf-8") == text

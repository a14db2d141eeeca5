"""Old addresses against real nginx: a NukeViet dump imported, the site built with
``pelican``, nginx started with the generated map and docs/nginx.conf's location; each
old form answers one 301 to a page that exists."""

from __future__ import annotations

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
from tests.nukeviet_import.conftest import dumps, run_import  # noqa: F401 - the dumps fixture

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
def built_site(dumps, tmp_path_factory):  # noqa: F811 - the imported fixture
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


def _docs_location() -> str:
    docs = (ROOT / "docs" / "nginx.conf").read_text(encoding="utf-8")
    assert "include /var/www/khuyenhoc/nukeviet/nginx.conf;" in docs
    return re.search(r"^    location = /modules\.php \{.*?^    \}", docs, re.S | re.M).group(0)


@pytest.fixture(scope="module")
def nginx(built_site, tmp_path_factory):
    if shutil.which("nginx") is None:
        pytest.fail("Debian's nginx is not installed: ./dev test installs it")
    root = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    output = built_site.output
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
{_docs_location()}
    }}
}}
""", encoding="utf-8")
    check = subprocess.run(["nginx", "-t", "-p", str(root), "-c", str(root / "nginx.conf")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(["nginx", "-p", str(root), "-c", str(root / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=30)


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

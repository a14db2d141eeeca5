"""A throwaway MariaDB server for the tests (Debian's ``mariadb-server``), on a socket in
a temporary folder, no network; and a NukeViet 2.0 site's tables filled through a
latin1 connection, the way NukeViet 2.0 wrote them (no ``SET NAMES``)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

TOOLS = ("mariadbd", "mariadb-install-db", "mariadb", "mariadb-dump")

# The NukeViet 2.0 News module's tables (install/dumper.php of NukeViet 2.0), MyISAM
# and latin1 as a 2008 MySQL 5.0 server created them.
SCHEMA = """
CREATE TABLE {p}_stories (
  sid int(11) NOT NULL auto_increment, catid int(11) NOT NULL default '0',
  aid varchar(30) NOT NULL default '', title varchar(255) default NULL,
  time datetime default NULL, hometext text, bodytext text NOT NULL,
  images varchar(100) NOT NULL default '', comments int(11) default '0',
  counter mediumint(8) unsigned default NULL, notes text NOT NULL,
  ihome int(1) NOT NULL default '1', alanguage varchar(30) NOT NULL default '',
  acomm int(1) NOT NULL default '0', imgtext varchar(150) default NULL,
  source varchar(60) NOT NULL default '', topicid int(11) NOT NULL default '0',
  newsst int(1) NOT NULL default '0',
  PRIMARY KEY (sid), KEY catid (catid), KEY topicid (topicid)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE {p}_stories_auto (
  anid int(11) NOT NULL auto_increment, catid int(11) NOT NULL default '0',
  aid varchar(30) NOT NULL default '', title varchar(255) NOT NULL default '',
  time varchar(19) NOT NULL default '', hometext text NOT NULL, bodytext text NOT NULL,
  images varchar(100) NOT NULL default '', notes text NOT NULL,
  ihome int(1) NOT NULL default '0', alanguage varchar(30) NOT NULL default '',
  acomm int(1) NOT NULL default '0', imgtext varchar(150) default NULL,
  source varchar(60) NOT NULL default '', topicid int(11) NOT NULL default '0',
  PRIMARY KEY (anid)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE {p}_stories_cat (
  catid int(11) NOT NULL auto_increment, parentid int(11) DEFAULT '0' NOT NULL,
  title varchar(255) NOT NULL default '', weight int(10) NOT NULL default '1',
  catimage varchar(20) default NULL, ihome int(1) NOT NULL default '0',
  storieshome int(11) NOT NULL default '0', linkshome int(11) NOT NULL default '3',
  PRIMARY KEY (catid)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE {p}_stories_topic (
  topicid int(11) NOT NULL auto_increment, topictitle varchar(255) NOT NULL,
  PRIMARY KEY (topicid)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE {p}_stories_images (
  imgid int(11) NOT NULL auto_increment, imgtitle varchar(255) NOT NULL default '',
  imgtext text NOT NULL, imglink varchar(255) NOT NULL default '',
  sid int(11) NOT NULL default '0', catid int(11) NOT NULL default '0',
  ihome int(1) NOT NULL default '0', ilanguage varchar(30) NOT NULL default '',
  PRIMARY KEY (imgid)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE {p}_stories_comments (
  tid int(11) NOT NULL auto_increment, sid int(11) NOT NULL default '0',
  date datetime default NULL, name varchar(60) NOT NULL default '',
  email varchar(60) default NULL, url varchar(60) default NULL,
  host_name varchar(60) default NULL, subject varchar(255) NOT NULL default '',
  comment text NOT NULL, online tinyint(2) DEFAULT '0' NOT NULL,
  PRIMARY KEY (tid), KEY sid (sid)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
"""


def sql_string(text: str) -> str:
    """A MySQL string literal, escaped as PHP's addslashes did."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\r", "\\r").replace("\n", "\\n") + "'"


class MariaDB:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = root / "mysqld.sock"
        datadir = root / "data"
        subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={datadir}", "--user=root",
                        "--auth-root-authentication-method=normal", "--skip-test-db"],
                       check=True, capture_output=True, timeout=300)
        self.process = subprocess.Popen(
            ["mariadbd", "--no-defaults", f"--datadir={datadir}", f"--socket={self.socket}", "--skip-networking",
             "--user=root", f"--pid-file={root / 'mysqld.pid'}", f"--log-error={root / 'error.log'}",
             "--character-set-server=latin1", "--collation-server=latin1_swedish_ci",
             "--innodb-buffer-pool-size=16M"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.socket.exists() and self.client("SELECT 1", check=False).returncode == 0:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("MariaDB did not start: " + (root / "error.log").read_text(errors="replace")[-2000:])

    def client(self, sql: str, database: str = "", check: bool = True) -> subprocess.CompletedProcess:
        # --default-character-set=latin1: the bytes of our UTF-8 text go into the latin1
        # columns unchanged, as NukeViet 2.0 (no SET NAMES) put them there.
        cmd = ["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot", "--default-character-set=latin1"]
        return subprocess.run([*cmd, *([database] if database else [])], input=sql.encode("utf-8"),
                              capture_output=True, check=check, timeout=120)

    def dump(self, database: str, target: Path, *extra: str) -> Path:
        with target.open("wb") as out:
            subprocess.run(["mariadb-dump", "--no-defaults", f"--socket={self.socket}", "-uroot", *extra, database],
                           stdout=out, check=True, timeout=300)
        return target

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.fail(f"Debian's mariadb-server is not installed (missing {', '.join(missing)}): "
                    "./dev test installs it")

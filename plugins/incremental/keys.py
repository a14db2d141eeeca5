"""Which pages a build must render again (pure; never imports Pelican).

Every page a template writes gets a key: a hash of what it can show. What any page can
show of any article is its front matter and the facts derived from it (title, date,
province, summary, address, status), so those of *every* article go into one site key,
with the settings, the library versions, every other input file (theme, plugins,
pages, photos, the province registry) and the clock (the day and the next moment at
which the output changes by itself). An article's own page also shows its body, so its
key adds the hash of its whole file. Fields that pages show only through a selection
(``featured``: the "Tiêu điểm" block) are left out of the site key, which has the
selection (which articles it chose) instead. A build whose only change is the body of one
article therefore finds every key unchanged except that article's page.

A template whose pages say what they show of other articles (``RenderPlan.shows``: an
article's page shows its neighbours, "Những bản tin khác", "Tin cùng tỉnh", "Tin liên
quan") is keyed more narrowly: by a core key without the articles (``core``), its own
file and what it shows of each of those articles, not by every article of the site.
What changes with every article published ("Tin mới cập nhật", "Tiêu điểm", the
calendar's marked days) is in no page but the home page: other pages load it from files
of its own (``sidebars``, ``calendar_archive``). An added article then renders its own
page, the listings it enters, the pages that list it and those files.

A page is taken over from the last build (not rendered) only when its key is the same
and the published file is exactly as that build left it (size and modification time).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitecore.files import size_and_mtime
from sitecore.store import RECORD, Store

RECORD_VERSION = 4


def digest(*parts: str) -> str:
    total = hashlib.sha256()
    for part in parts:
        total.update(part.encode("utf-8", "surrogateescape"))
        total.update(b"\0")
    return total.hexdigest()


def front_matter(source: bytes) -> bytes:
    """The ``---`` block of a content file, both fences included; the whole file when it
    has none (then nothing of it is treated as the body alone)."""
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].strip() != b"---":
        return source
    for index in range(1, len(lines)):
        if lines[index].strip() in (b"---", b"..."):
            return b"".join(lines[: index + 1])
    return source


def without_lines(header: bytes, numbers: Iterable[int]) -> bytes:
    """``header`` (a file's first lines) without the lines ``numbers`` (1 = the first).
    Drops a field that pages show only through a selection (``featured: true``): one
    YAML field per line in the front matter; a value continued on a following line
    stays in, which only makes the key change more often, never less."""
    drop = set(numbers)
    if not drop:
        return header
    lines = header.splitlines(keepends=True)
    return b"".join(line for number, line in enumerate(lines, 1) if number not in drop)


def header_digest(header: bytes) -> str:
    return hashlib.sha256(header).hexdigest()


def shared_signature(path: str, header: str, derived: Iterable[str]) -> str:
    """What other pages can show of one article: its front matter (``header``: its
    ``header_digest``) and derived facts."""
    return digest(path, header, *derived)


@dataclass
class RenderRecord:
    """What the last successful build rendered: for each template call (template and
    file name) its key and the files it wrote, and each file's size and modification
    time as published."""

    calls: dict[str, list] = field(default_factory=dict)  # call -> [key, [file, ...]]
    files: dict[str, list] = field(default_factory=dict)  # file -> [size, mtime_ns]
    # "<file sha256>:<dropped lines>" -> header_digest: the front matter of an unchanged
    # file is not parsed again by every build.
    headers: dict[str, str] = field(default_factory=dict)

    def save(self, state: Store) -> None:
        state.put(RECORD, "rendered-pages", RECORD_VERSION,
                  {"calls": self.calls, "files": self.files, "headers": self.headers})

    @classmethod
    def load(cls, state: Store) -> "RenderRecord | None":
        data = state.get(RECORD, "rendered-pages", RECORD_VERSION)
        if not data:
            return None
        try:
            calls = {call: [key, files] for call, (key, files) in data["calls"].items()}
            return cls(calls, dict(data["files"]), dict(data["headers"]))
        except (KeyError, TypeError, ValueError):
            return None


@dataclass
class RenderPlan:
    """This build's keys, and what it may take over from the last one."""

    site: str
    own: Mapping[int, str]  # id() of a content object -> hash of its whole file
    previous: RenderRecord | None
    # The narrow keys: everything the build reads but the content files (settings,
    # code, theme, data) with the clock (no article), each published article's
    # ``shared_signature`` by id(), and for a template whose pages show a known set of
    # other articles, that set for the content object of a call (None: not known).
    core: str = ""
    signatures: Mapping[int, str] = field(default_factory=dict)
    # template or maker -> shows(content object of the call or None, the call's named
    # values) -> the articles the page shows beyond its own, and texts it shows that
    # they make (strings, keyed as they are); None: the site key.
    shows: Mapping[str, Callable[[object, Mapping[str, object]], Iterable[object] | None]] = \
        field(default_factory=dict)
    # Templates or makers whose every content object given is shown in full (a feed's
    # items): keyed by each one's text, not only by the one page's own article.
    whole: frozenset[str] = frozenset()
    # Makers that render no theme template, keyed by the site and core keys without the
    # theme's templates.
    untemplated: frozenset[str] = frozenset()
    untemplated_site: str = ""
    untemplated_core: str = ""
    calls: dict[str, list] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # kept for the next build
    repeated: set[str] = field(default_factory=set)
    reused: int = 0
    rendered: int = 0

    @staticmethod
    def call_id(template: str, name: str) -> str:
        return f"{template}\0{name}"

    def key(self, template: str, name: str, values: Iterable[object], named: Mapping[str, object] | None = None) -> str:
        """The key of one template call; ``values``: what the call passes the template
        (the content objects among them add their own text), ``named``: the same by
        name. Narrow (``core``) when the template says what its page shows of other
        articles (``shows``), else the site key."""
        values = list(values)
        own = sorted(self.own[id(v)] for v in values if id(v) in self.own)
        if template in self.untemplated:
            site, core = self.untemplated_site, self.untemplated_core
        else:
            site, core = self.site, self.core
        shows = self.shows.get(template)
        if shows is not None and core and (len(own) <= 1 or template in self.whole):
            content = next((v for v in values if id(v) in self.own), None)
            shown = shows(content, named or {}) if content is None or id(content) in self.signatures else None
            if shown is not None:
                signatures = [a if isinstance(a, str) else self.signatures.get(id(a)) for a in shown if a is not None]
                if None not in signatures:
                    return digest(core, template, name, *own, "\0", *signatures)
        return digest(site, template, name, *own)

    def reusable(self, call: str, key: str, published: Path) -> list[str] | None:
        """The files the last build wrote for ``call``, when they can be taken over."""
        if self.previous is None or call in self.calls:
            return None
        before = self.previous.calls.get(call)
        if before is None or before[0] != key:
            return None
        folder = os.fspath(published)
        for name in before[1]:
            expected = self.previous.files.get(name)
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError:
                return None
            if expected is None or [st.st_size, st.st_mtime_ns] != expected:
                return None
        return list(before[1])

    def note(self, call: str, key: str, files: list[str], reused: bool) -> None:
        """Note a call made (or taken over, ``reused``)."""
        if call in self.calls:  # written twice in one build: never taken over
            self.repeated.add(call)
        self.calls[call] = [key, files]
        if reused:
            self.reused += 1
        else:
            self.rendered += 1

    # What notes taken in another process changed (``sitecore.parallel``).
    def mark(self) -> tuple:
        return dict(self.calls), set(self.repeated), self.rendered, self.reused

    def since(self, mark: tuple) -> tuple:
        calls, repeated, rendered, reused = mark
        changed = {c: v for c, v in self.calls.items() if calls.get(c) is not v}
        return changed, self.repeated - repeated, self.rendered - rendered, self.reused - reused

    def merge(self, changes: tuple) -> None:
        calls, repeated, rendered, reused = changes
        for call, made in calls.items():
            if call in self.calls:  # noted here too: written twice in one build
                self.repeated.add(call)
            self.calls[call] = made
        self.repeated |= repeated
        self.rendered += rendered
        self.reused += reused

    def record(self, published: Path, known: Mapping[str, tuple[int, int]] | None = None) -> RenderRecord:
        """The record of this build, once its files are published; ``known``: the size
        and modification time of each published file as the sync left them (not looked
        at again: a ``stat`` per published file); any other file is looked at."""
        calls = {c: v for c, v in self.calls.items() if c not in self.repeated}
        files: dict[str, list] = {}
        folder = os.fspath(published)
        known = known or {}
        for _, names in calls.values():
            for name in names:
                figures = size_and_mtime(folder, name, known)
                if figures is not None:
                    files[name] = list(figures)
        calls = {c: v for c, v in calls.items() if all(n in files for n in v[1])}
        return RenderRecord(calls, files, dict(self.headers))

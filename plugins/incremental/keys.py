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

A template whose pages say what they show of other articles (``RenderPlan.shows``: a
listing shows its articles) is keyed more narrowly: by a core key without the articles
(``core``), its own file and what it shows of each of those articles, not by every
article of the site. So is an article's page, by what it read as it rendered (``Watch``,
``RenderPlan.watched``): the attributes of its article that name others (its
neighbours, "Những bản tin khác", "Tin liên quan", its thread), recorded for the next
build, which keys it by the articles they name then. A listing's page is watched too
(``RenderPlan.listings``): one that showed an article it does not list (a category's
lead older than its newest page, the home page's blocks) is keyed by the whole site.
What changes with every article published ("Tin mới cập nhật", "Tiêu điểm", the
calendar's marked days) is in no page but the home page: other pages load it from files
of its own (``sidebars``, ``calendar_archive``). An added article then renders its own
page, the listings it enters, the pages that list it and those files.

A page is taken over from the last build (not rendered) only when its key is the same
and the published file is exactly as that build left it (size and modification time).
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitecore.files import size_and_mtime

# The render record: one of the plugins' records in the build's record.
RECORD_NAME, RECORD_VERSION = "rendered-pages", 6
# The value a listing's key has the articles of (``Watch.given``).
LISTED = frozenset({"articles"})


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

    # call -> (key, (file, ...)), and for a template whose reads are watched (``Watch``)
    # the names of its own article's attributes the page read ((key, files, names); no
    # names: the page reached other articles, keyed by the whole site). Stored with each
    # set of names once (``save``). Tuples of texts and numbers: the collector stops
    # looking at them (``gc``), where a list of 30,000 calls' lists is walked by every
    # full collection of a build, and of every build of a resident process.
    calls: dict[str, tuple] = field(default_factory=dict)
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # file -> (size, mtime_ns)
    # "<file sha256>:<dropped lines>" -> header_digest: the front matter of an unchanged
    # file is not parsed again by every build.
    headers: dict[str, str] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        """The record as the build's record keeps it (``RECORD_NAME``)."""
        # Pages of one template read the same few sets of names: each set is stored
        # once ("reads") and a call names it by its place.
        reads: dict[tuple[str, ...], int] = {}
        calls = {call: made if len(made) < 3 else [made[0], made[1], reads.setdefault(tuple(made[2]), len(reads))]
                 for call, made in self.calls.items()}
        return {"calls": calls, "reads": [list(names) for names in reads], "files": self.files,
                "headers": self.headers}

    @classmethod
    def of(cls, data: Any) -> "RenderRecord | None":
        """The record in ``data`` (``fields``); None without one or when unreadable."""
        if not data:
            return None
        try:
            reads = [tuple(sorted(map(str, names))) for names in data["reads"]]
            calls = {call: (key, tuple(files), *(reads[i] for i in read))  # ``read``: none or one place
                     for call, (key, files, *read) in data["calls"].items()}
            return cls(calls, {name: (size, mtime) for name, (size, mtime) in data["files"].items()},
                       dict(data["headers"]))
        except (KeyError, TypeError, ValueError, IndexError):
            return None


def is_list(value: object) -> bool:
    """Whether ``value`` is a list of things (any sequence but a text)."""
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


@dataclass
class Watch:
    """What one template call read while it rendered (the writer hands every attribute a
    template reads to ``read``): the names of the attributes of its own article (``own``)
    whose values may name other articles (an article, a list, none), and the articles
    it reached (``reached``, by id). ``shown(own, names)`` gives what those attributes
    name (a listing's page: no article of its own, ``shown`` gives the articles it
    lists). The page shows of other articles what they name, unless it reached an
    article they do not (through a list of the whole site in the context, say): then it
    is keyed by the whole site."""

    own: object
    articles: tuple[type, ...]  # the types of articles (and pages)
    shown: Callable[[object, Iterable[str]], list[object] | None]
    # Shared by the watches of a build: each context name's value as last looked up, and
    # whether it holds articles (the site's lists are the same objects on every page).
    holding: dict[str, tuple[object, bool]] = field(default_factory=dict)
    # Names of the call's own values whose articles its key has (a listing's
    # ``articles``): looking them up reaches nothing beyond what ``shown`` gives.
    given: frozenset[str] = frozenset()
    names: set[str] = field(default_factory=set)
    reached: dict[int, object] = field(default_factory=dict)
    # The page looked up a name of the context that holds articles (the site's list).
    escaped: bool = False
    # Once rendered (``names_read``): the names and what they name (None: keyed by the site).
    found: list[str] | None = field(default=None, init=False)
    found_shown: list[object] | None = field(default=None, init=False)
    ended: bool = field(default=False, init=False)

    def read(self, holder: object, name: str, value: object) -> None:
        if holder is self.own:
            if value is None or is_list(value) or isinstance(value, self.articles):
                self.names.add(name)
        elif isinstance(holder, self.articles):
            self.reached[id(holder)] = holder

    def resolved(self, name: str, value: object) -> None:
        """A name the page looked up in its context: an article other than its own or a
        list of articles reaches articles its own does not name. Reading an article both
        ways (the site's newest, also a neighbour) would go unseen by ``reached``. (A
        list's first items tell: the site's lists hold one kind of thing.)"""
        if value is self.own or self.escaped or name in self.given:
            return
        known = self.holding.get(name)
        if known is None or known[0] is not value:
            holds = isinstance(value, self.articles) or (
                is_list(value) and any(isinstance(v, self.articles) for v in itertools.islice(value, 3)))
            known = self.holding[name] = (value, holds)
        self.escaped = known[1]

    def holds(self, kind: type) -> bool:
        """Whether what objects of type ``kind`` read matters (``read``): articles."""
        return issubclass(kind, self.articles)

    def names_read(self) -> list[str] | None:
        """Once the page is rendered: the names read, or None when it reached an article
        they do not name."""
        if not self.ended:
            names = sorted(self.names)
            shown = self.shown(self.own, names)
            if not self.escaped and shown is not None and {id(a) for a in shown} >= self.reached.keys():
                self.found, self.found_shown = names, shown
            self.ended = True
        return self.found


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
    # Templates whose pages show what attributes of their own article name, as each
    # page read them when it rendered (``Watch``; not declared by the plugins): template
    # -> shown(content object, attribute names) -> the articles those attributes name
    # (None: the site key).
    watched: Mapping[str, Callable[[object, Iterable[str]], list[object] | None]] = field(default_factory=dict)
    # Listing templates (of ``shows``) whose pages are watched too: one that reached an
    # article it does not list (a category's lead on an older page) is keyed by the site
    # and the texts it shows, from then on until a render finds it does not.
    listings: frozenset[str] = frozenset()
    articles: tuple[type, ...] = ()  # the types of articles (and pages): ``Watch.articles``
    # id() of a content object -> the digest of the files shown as part of it (its
    # photos), added to its own key.
    parts: Mapping[int, str] = field(default_factory=dict)
    holding: dict[str, tuple[object, bool]] = field(default_factory=dict)  # the watches' (``Watch.holding``)
    calls: dict[str, tuple] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # kept for the next build
    repeated: set[str] = field(default_factory=set)
    reused: int = 0
    rendered: int = 0

    @staticmethod
    def call_id(template: str, name: str) -> str:
        return f"{template}\0{name}"

    def key(self, template: str, name: str, values: Iterable[object], named: Mapping[str, object] | None = None,
            watch: Watch | None = None) -> str:
        """The key of one template call; ``values``: what the call passes the template
        (the content objects among them add their own text and photos), ``named``: the
        same by name. Narrow (``core``) when the template says what its page shows of
        other articles (``shows``), or a watched template's page read it (``watch``: as
        it rendered now; else as the last build recorded it), else the site key."""
        values = list(values)
        own = sorted(self.own[id(v)] + self.parts.get(id(v), "") for v in values if id(v) in self.own)
        if template in self.untemplated:
            site, core = self.untemplated_site, self.untemplated_core
        else:
            site, core = self.site, self.core
        shows = self.shows.get(template)
        escaped = False
        if template in self.listings:
            names = watch.names_read() if watch is not None else self.names_read(self.call_id(template, name))
            escaped = names is None
        elif template in self.watched:
            if watch is not None:  # rendered now: what its names named as it rendered
                names, found = watch.names_read(), watch.found_shown
                shows = None if names is None else (lambda _content, _named: found)
            else:
                names, shown = self.names_read(self.call_id(template, name)), self.watched[template]
                shows = None if names is None else (lambda content, _named: shown(content, names))
        if shows is not None and core and (len(own) <= 1 or template in self.whole):
            content = next((v for v in values if id(v) in self.own), None)
            shown = shows(content, named or {}) if content is None or id(content) in self.signatures else None
            if shown is not None and escaped:  # every article, and the texts it shows
                return digest(site, template, name, *own, "\0", *(a for a in shown if isinstance(a, str)))
            if shown is not None:
                signatures = [a if isinstance(a, str) else self.signatures.get(id(a)) for a in shown if a is not None]
                if None not in signatures:
                    return digest(core, template, name, *own, "\0", *signatures)
        return digest(site, template, name, *own)

    def watch(self, template: str, named: Mapping[str, object]) -> Watch | None:
        """A watch of what one call of a watched template (given ``named``) reads as it
        renders: an article's page (None without an article of its own), a listing's
        page (its ``articles``). None: not watched."""
        listed = named.get("articles") if template in self.listings else None
        if is_list(listed):
            return Watch(object(), self.articles, lambda _own, _names: list(listed), self.holding, LISTED)
        shown = self.watched.get(template)
        content = None if shown is None else next((v for v in named.values() if id(v) in self.own), None)
        return None if content is None else Watch(content, self.articles, shown, self.holding)

    def names_read(self, call: str, watch: Watch | None = None) -> list[str] | None:
        """The attributes of its own article a watched call's page read (None: unknown,
        or the page reached articles they do not name): from ``watch`` when it rendered
        now, else as this build or the last one recorded them."""
        if watch is not None:
            return watch.names_read()
        made = self.calls.get(call) or (self.previous.calls.get(call) if self.previous else None)
        return made[2] if made is not None and len(made) > 2 else None

    def reusable(self, call: str, key: str, published: Path,
                 known: Mapping[str, tuple[int, int]] | None = None) -> list[str] | None:
        """The files the last build wrote for ``call``, when they can be taken over:
        each as big and as old as it was recorded (``known``: the published files'
        figures, when the build has them, see ``size_and_mtime``)."""
        if self.previous is None or call in self.calls:
            return None
        before = self.previous.calls.get(call)
        if before is None or before[0] != key:
            return None
        folder, known = os.fspath(published), known or {}
        for name in before[1]:
            expected = self.previous.files.get(name)
            if expected is None or tuple(size_and_mtime(folder, name, known) or ()) != expected:
                return None
        return list(before[1])

    def note(self, call: str, key: str, files: list[str], reused: bool, watch: Watch | None = None) -> None:
        """Note a call made (or taken over, ``reused``: with what the last build recorded
        it read); ``watch``: what a watched call read as it rendered now."""
        names = self.names_read(call, watch) if reused or watch is not None else None
        if call in self.calls:  # written twice in one build: never taken over
            self.repeated.add(call)
        self.calls[call] = (key, tuple(files)) if names is None else (key, tuple(files), tuple(names))
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
        files: dict[str, tuple[int, int]] = {}
        folder = os.fspath(published)
        known = known or {}
        for _, names, *_ in calls.values():
            for name in names:
                figures = size_and_mtime(folder, name, known)
                if figures is not None:
                    files[name] = tuple(figures)
        calls = {c: v for c, v in calls.items() if all(n in files for n in v[1])}
        return RenderRecord(calls, files, dict(self.headers))

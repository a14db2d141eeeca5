"""The per-build collection of content problems.

Pelican hands readers nothing but the settings mapping, and the same mapping is
shared (copied shallowly into the generators' context) by every generator of a
run. The build session therefore travels in it under ``BUILD_SESSION_KEY``;
it is created by the ``safe_build`` plugin and reset at the start of every run.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .errors import ContentError, SiteError
from .files import SiteFiles
from .phases import PhaseClock
from .store import Store, decode, encode

BUILD_SESSION_KEY = "_SITE_BUILD_SESSION"


@dataclass
class BuildReport:
    """Every content problem found during one build, errors and warnings."""

    problems: list[ContentError] = field(default_factory=list)

    def add(self, problem: ContentError) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[ContentError]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[ContentError]:
        return sorted((p for p in self.problems if not p.warning), key=ContentError.sort_key)

    @property
    def warnings(self) -> list[ContentError]:
        return sorted((p for p in self.problems if p.warning), key=ContentError.sort_key)

    def has_errors(self) -> bool:
        return any(not p.warning for p in self.problems)


@dataclass(frozen=True, slots=True)
class FinishStep:
    """Work on the finished site before it is published (a search index, compressed
    copies): ``run(site_folder)``; steps run by ascending ``order``, then ``name``."""

    order: int
    name: str
    run: Callable[[Path], None]


class PageReuse(Protocol):
    """What the writer asks before rendering a template call (``incremental.keys.RenderPlan``)."""

    def call_id(self, template: str, name: str) -> str: ...
    def key(self, template: str, name: str, values: Iterable[object],
            named: Mapping[str, object] | None = None, watch: Any = None) -> str: ...
    def reusable(self, call: str, key: str, published: Path) -> list[str] | None: ...
    # What a call of a template whose reads key its pages reads as it renders
    # (``incremental.keys.Watch``: ``read``, ``resolved``, ``holds``, as
    # ``internals.reads_observed`` takes them), given back to ``key`` and ``note``.
    def watch(self, template: str, named: Mapping[str, object]) -> Any: ...
    def note(self, call: str, key: str, files: list[str], reused: bool, watch: Any = None) -> None: ...
    # Notes taken in a forked rendering process, brought back (``sitecore.parallel``).
    def mark(self) -> Any: ...
    def since(self, mark: Any) -> Any: ...
    def merge(self, changes: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class Selection:
    """A choice a plugin makes among the articles ("Tiêu điểm"): the front matter
    ``fields`` pages show only through it, the articles it ``chosen`` (source paths, in
    the order shown) and the ``facts`` (JSON values) the plugin needs in another build
    to tell whether a change of those fields in one article changes the choice."""

    fields: tuple[str, ...]
    chosen: tuple[str, ...]
    facts: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class SelectionMaker(Protocol):
    """A generator that makes a :class:`Selection`: given what it recorded (``fields``,
    ``chosen``, ``facts``) and an article before and after an edit of those fields,
    says whether the choice stays as recorded (then the resident process remakes the
    article alone)."""

    def keeps_selection(self, name: str, recorded: Mapping[str, Any], old: Any, new: Any) -> bool: ...


@dataclass
class PageGraph:
    """What pages show of the articles beyond each page's own, as the plugins declare it
    while they make their context: the render plan keys every page by it (``incremental``),
    and the resident process compares an edit with the choices made (``selections``)."""

    # The choices plugins make among the articles ("featured" through the "Tiêu điểm"
    # block), by name (``add_selection``; a resident build compares an edit with them).
    selections: dict[str, Selection] = field(default_factory=dict)
    # What every page, or the pages of one listing template, show that the articles make
    # (``show_on_every_page``, ``show_on_pages_of``): the render plan's narrow keys. (What
    # an article's page shows of other articles is read as it renders: the writer's
    # ``Watch``.)
    shown_on_every_page: dict[str, str] = field(default_factory=dict)
    shown_by_template: dict[str, dict[str, str]] = field(default_factory=dict)
    # The same for each page of a listing template: template -> name -> (the call's
    # named value that tells the pages apart, its slug -> the text that page shows).
    shown_by_page: dict[str, dict[str, tuple[str, dict[str, str]]]] = field(default_factory=dict)
    # Input files (absolute paths) that reach pages only through the texts their plugin
    # declares (``shown_only_as_declared``): left out of the keys of every other page.
    declared_inputs: set[str] = field(default_factory=set)
    # Input files (absolute paths, as the build hashed them) that pages show only as part
    # of the content objects that use them (a photo): path -> those objects.
    parts: dict[str, list[Any]] = field(default_factory=dict)

    def add_selection(self, name: str, fields: Iterable[str], chosen: Iterable[str],
                      facts: Mapping[str, Any] | None = None) -> None:
        """Pages show the front matter ``fields`` only through the selection ``name``,
        which picked ``chosen`` (source paths, in the order shown). The render plan then
        keys pages by that choice, not by each article's values of those fields: a
        featured flag that does not change the block changes no other page. ``facts``:
        what the plugin needs later to tell whether a change of ``fields`` in one
        article would change the choice (its generator's ``keeps_selection``:
        :class:`SelectionMaker`)."""
        self.selections[name] = Selection(tuple(fields), tuple(chosen), dict(facts or {}))

    def show_on_every_page(self, name: str, value: str) -> None:
        """Every page shows ``value`` (a text that changes when what it shows does),
        made from the articles (the categories menu, the calendar's months)."""
        self.shown_on_every_page[name] = value

    def show_on_pages_of(self, template: str, name: str, value: str) -> None:
        """The newest page (the listing's own address) of each listing ``template``
        ("index", "category") shows ``value`` besides the articles it lists (which
        articles are featured: their leads)."""
        self.shown_by_template.setdefault(template, {})[name] = value

    def show_on_pages_of_each(self, template: str, name: str, attribute: str, values: Mapping[str, str]) -> None:
        """Each page of the listing ``template`` shows its own text: the page whose
        named value ``attribute`` (a category) has the slug ``k`` shows ``values[k]``
        (a page of a slug not in ``values``: nothing)."""
        self.shown_by_page.setdefault(template, {})[name] = (attribute, dict(values))

    def shown_only_as_declared(self, path: str) -> None:
        """The input file ``path`` (a data file of the content folder) is shown only
        where its plugin says (``show_on_pages_of``, ``show_on_pages_of_each``): a change
        of it re-renders those pages, not every page keyed by the whole site. Only for a
        file whose every use on a page is declared so."""
        self.declared_inputs.add(os.path.realpath(path))

    def shown_as_part_of(self, path: str, owners: Iterable[Any]) -> None:
        """Pages show the input file ``path`` (a photo) only as part of ``owners`` (the
        articles that show it): its content is in the keys of those articles' own pages
        and of the pages that show them, not in every page's. A file with an owner that
        is not an article stays in every page's key."""
        self.parts[path] = list(owners)


@dataclass
class BuildSession:
    """State of one ``pelican`` invocation shared by all plugins."""

    report: BuildReport = field(default_factory=BuildReport)
    finish_steps: dict[str, FinishStep] = field(default_factory=dict)
    # This output folder's build state (``sitecore.store``), set by ``safe_build``: the
    # records a build keeps for the next. None: nothing is kept (no staged build).
    state: Store | None = None
    # The first moment at which this build's output would change by the clock alone
    # (a scheduled article's date, the end of a featured period); None: never.
    changes_at: dt.datetime | None = None
    # What this build reads, as the skip check found it (set by ``safe_build``): a digest
    # of the settings and library versions, and the content hash of every input file
    # by absolute path. Empty when not known (then nothing is taken over from the last build).
    fixed_inputs: str = ""
    input_files: dict[str, str] = field(default_factory=dict)
    # Set by the ``incremental`` plugin: which template calls can be taken over.
    render_plan: PageReuse | None = None
    publish_steps: dict[str, Callable[[Path], None]] = field(default_factory=dict)  # ``add_publish_step``
    # The plugins' records, part of the build's record: those of the last build (name ->
    # [version, JSON text], ``take_record``) and those this build keeps (name -> (version,
    # value, each build), ``save_record_when_published``).
    last_records: dict[str, list] = field(default_factory=dict)
    records: dict[str, tuple[int, Any, bool]] = field(default_factory=dict)
    # The files of the site, as plugins write them (``safe_build`` stages and publishes
    # them: ``safe_build.staged.StagedFiles``).
    files: SiteFiles = field(default_factory=SiteFiles)
    # What pages show of the articles beyond their own text, as the plugins declare it:
    # the render plan keys pages by it.
    graph: PageGraph = field(default_factory=PageGraph)
    # A resident build (``resident`` plugin: one process kept between builds) rebuilds
    # an article whose body alone changed without running Pelican again: each plugin
    # that keeps something made from an article's body outside the template calls
    # registers how to make it again (``add_refresher``).
    resident: bool = False
    refreshers: dict[str, Callable[[Any], None]] = field(default_factory=dict)
    generators: list[Any] = field(default_factory=list)  # a resident build's last run's
    # Where the run's time went (``safe_build`` logs it when the build is published).
    phases: PhaseClock = field(default_factory=PhaseClock)

    def output_changes_at(self, moment: dt.datetime) -> None:
        """Note that the output depends on whether ``moment`` has passed."""
        if self.changes_at is None or moment < self.changes_at:
            self.changes_at = moment

    def add_finish_step(self, order: int, name: str, run: Callable[[Path], None]) -> None:
        """Register (or replace) a step; every run of the session performs it once (a
        resident process's body-only builds too). Each Pelican run registers its steps
        again: a resident process drops the last run's before a new one."""
        self.finish_steps[name] = FinishStep(order, name, run)

    def ordered_finish_steps(self) -> list[FinishStep]:
        return sorted(self.finish_steps.values(), key=lambda s: (s.order, s.name))

    def add_refresher(self, name: str, refresh: Callable[[Any], None]) -> None:
        """Register (or replace) ``refresh(article)``: in a resident build, what this
        plugin made of an article's body, made again after the body changed (the article
        object is updated in place; template calls and derived files are made again by
        the writer)."""
        if self.resident:
            self.refreshers[name] = refresh

    def add_publish_step(self, name: str, run: Callable[[Path], None]) -> None:
        """Register (or replace) ``run(output_folder)``, called once this build is
        published and recorded, after this build alone: what it writes is what the
        build that registered it did."""
        self.publish_steps[name] = run

    def run_publish_steps(self, output: Path) -> None:
        steps, self.publish_steps = self.publish_steps, {}
        for run in steps.values():
            run(output)

    def take_record(self, name: str, version: int) -> Any | None:
        """The record ``name`` of version ``version`` as the last build published it,
        handed over once: the session keeps no copy (a large record is not held twice,
        as stored and as its plugin turns it into objects)."""
        entry = self.last_records.pop(name, None)
        if not isinstance(entry, list) or len(entry) != 2:  # not as a build writes it
            return None
        if entry[0] != version or not isinstance(entry[1], str):
            return None
        try:
            return decode(entry[1].encode("utf-8", "surrogatepass"))
        except ValueError:
            return None

    def save_record_when_published(self, name: str, version: int, value: Any, *, each_build: bool = False) -> None:
        """Keep ``value`` as the record ``name`` in the record of this build, written once
        the build is published: a build that fails leaves the last one's record, which
        describes the site still published. ``value`` callable: called then with the
        output folder (for what only the sync knows: the published files' figures), and
        not kept in memory afterwards. A record not saved again by a build is not kept
        by it. ``each_build``: saved again by each body-only build of a resident process
        that follows, which runs no plugin that could save it (the render record: such a
        build changes it too)."""
        self.records[name] = (version, value, each_build)

    def records_to_keep(self, output: Path) -> dict[str, list]:
        """The records this build keeps (name -> [version, the value as JSON text]), made
        now; ``output``: the folder the build published.

        Each is kept as its own text inside the build's record: the skip check, which
        reads the record whole, then scans the records' text without decoding it (a
        third of the time at 10,000 articles, and none of their objects made), and a
        record becomes objects only when its plugin takes it."""
        kept = {}
        for name, (version, value, _) in sorted(self.records.items()):
            made = value(output) if callable(value) else value
            kept[name] = [version, encode(made).decode("utf-8", "surrogatepass")]
        return kept

    def records_kept(self, kept: Mapping[str, list]) -> None:
        """``kept`` (``records_to_keep``) is the build's record now: the next body-only
        build of a resident process (which reads no record) takes those given as
        values from here (one made when recorded is its plugin's to keep: the render
        plan)."""
        self.last_records = {name: kept[name] for name, (_, value, _) in self.records.items()
                             if not callable(value) and name in kept}
        self.records = {name: record for name, record in self.records.items() if record[2]}


class NoBuildSession(SiteError):
    """Raised when a plugin runs without the ``safe_build`` plugin enabled."""


def session_of(settings: Mapping[str, Any]) -> BuildSession:
    """Return the build session carried by ``settings`` (or a Pelican context)."""
    session = settings.get(BUILD_SESSION_KEY)
    if session is None:
        raise NoBuildSession(
            "the safe_build plugin must be listed first in PLUGINS: it creates the build session"
        )
    return session


def report_of(settings: Mapping[str, Any]) -> BuildReport:
    return session_of(settings).report

"""Every use of Pelican's internals (private names, patched attributes, behaviour its
documentation does not promise), one small function each; written for Pelican 4.12.

Each function's docstring names the behaviour it relies on, and
``tests/pelican_adapter/test_contract.py`` checks each one on real Pelican objects: after
a Pelican upgrade a failing contract test names what changed, and only this module
has to follow. ``tests/pelican_adapter/test_contract.py`` also fails when a plugin
touches one of Pelican's private names anywhere else.

The uses, and the plugins that make them:

Content objects (``pelican.contents.Content``)
* ``raw_content`` / ``set_raw_content`` (``Content._content``): images (body photos
  into ``<picture>``), attachments (file links judged and pointed), incremental
  (``links_elsewhere``).
* ``intrasite_link_regex`` (``Content._get_intrasite_link_regex``): incremental.
* ``forget_rendered_content`` (the ``memoized`` cache of ``get_content`` and
  ``get_summary``): safe_build, resident.
* ``refresh_content`` (a content object's state is its instance ``__dict__``): resident.
* ``pinned_address`` / ``pin_address`` (``override_url``, ``override_save_as`` read by
  ``Content.get_url_setting``): content_model.

The writer (``pelican.writers.Writer``)
* ``OpeningWriter`` (every file is opened through ``Writer._open_w``): safe_build's
  ``LinkingWriter``.
* ``note_written``, ``written_records``, ``add_written_records``, ``forget_written``
  (``Writer._written_files``, ``Writer._overridden_files``): safe_build, resident.
* ``reads_observed`` (Jinja2's ``Environment.getattr``/``getitem`` and
  ``context_class``, through which a template reads every attribute and looks up every
  name): safe_build's ``LinkingWriter`` (what a page read of other articles, for
  incremental's keys).

A run (``pelican.Pelican``, the generators)
* ``ARTICLE_LISTS``, ``PAGE_LISTS``, ``DRAFT_LISTS``, ``contents_read`` (the lists each
  generator keeps of what it read, by status): content_model, incremental, resident.
* ``redirect_output`` (``Pelican.output_path`` read when a run starts): safe_build.
* ``wrap_generate_output`` (``generate_output`` looked up on each generator after
  ``all_generators_finalized``): safe_build.
* ``set_static_links`` (``context["static_links"]``, what ``StaticGenerator`` copies):
  attachments.
* ``stop_file_stamps`` (``FileStampDataCacher._filestamp_func``, called on every
  ``get_cached_data`` and ``cache_data``): content_model.

Pelican behaviour relied on through public names only, not wrapped here: the signals
and their order (``docs/architecture.md``), ``Readers.reader_classes`` and
``Readers.read_file`` (content_model, resident), ``tags``/``categories``/``authors`` as
``ArticlesGenerator`` shares them with the context (content_model ``index_members``),
and ``Generator.env``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import Environment, Undefined
from jinja2.utils import missing

from pelican.contents import Content
from pelican.writers import Writer

# -- content objects ---------------------------------------------------------------


def raw_content(content: Any) -> str:
    """The body's HTML as the reader gave it, before Pelican replaces its
    ``{static}``/``{filename}`` links ("" when there is none).

    Pelican 4.12: ``Content.__init__`` keeps the reader's HTML in ``_content``;
    ``get_static_links`` and ``get_content`` (through ``_update_content``) read it from
    there. The public ``content`` property replaces the links and memoizes the result."""
    return getattr(content, "_content", None) or ""


def set_raw_content(content: Any, html: str) -> None:
    """Replace the body's HTML before Pelican renders it (links still unreplaced).

    Pelican 4.12: ``get_content`` and ``get_static_links`` read ``_content`` each time
    they are not memoized yet; after ``content`` was read once, the memoized result
    stays (``forget_rendered_content`` drops it)."""
    content._content = html


def intrasite_link_regex(content: Any) -> Any:
    """The compiled pattern Pelican finds intrasite links (``{filename}``, ``{static}``,
    ``{attach}`` …) with in a body.

    Pelican 4.12: ``Content._get_intrasite_link_regex()``, built from the
    ``INTRASITE_LINK_REGEX`` setting and used by ``_update_content`` and
    ``get_static_links``; group ``what`` is the marker's word."""
    return content._get_intrasite_link_regex()


_MEMOIZED = ("get_content", "get_summary")


def forget_rendered_content(objects: Iterable[Any] | None = None) -> None:
    """Drop Pelican's memoized ``get_content``/``get_summary`` results of ``objects``,
    or of every content object when None.

    Pelican 4.12: both methods are wrapped in ``pelican.utils.memoized``, which keeps
    its results in one dict on the class attribute (``Content.__dict__[name].cache``),
    keyed by the argument tuple whose first item is the content object."""
    for name in _MEMOIZED:
        cache = Content.__dict__[name].cache
        if objects is None:
            cache.clear()
            continue
        ids = {id(o) for o in objects}
        for key in [k for k in cache if k and id(k[0]) in ids]:
            del cache[key]


def refresh_content(old: Any, new: Any) -> None:
    """Make ``old`` hold everything ``new`` holds (a content object read again, updated
    in place so that every list and page that refers to ``old`` sees the new text).

    Pelican 4.12: a ``Content`` keeps all its state in its instance ``__dict__`` (no
    slots; ``url``, ``save_as``, ``content`` are properties computed from it)."""
    old.__dict__.update(new.__dict__)


def pinned_address(content: Any, key: str) -> bool:
    """Whether ``content``'s ``key`` (``"url"`` or ``"save_as"``) is pinned: given in
    its metadata or by ``pin_address``.

    Pelican 4.12: ``Content.__init__`` stores a ``url``/``save_as`` metadata value as
    ``override_url``/``override_save_as``; ``get_url_setting`` returns it when set."""
    return hasattr(content, f"override_{key}")


def pin_address(content: Any, key: str, value: str) -> None:
    """Pin ``content``'s ``key`` (``"url"`` or ``"save_as"``) to ``value``: the
    ``url``/``save_as`` properties return it from then on (see ``pinned_address``)."""
    setattr(content, f"override_{key}", value)


# -- the writer --------------------------------------------------------------------


class OpeningWriter(Writer):
    """Pelican's writer, whose every file is opened through ``open_file``: a subclass
    overrides it (and may call ``pelican_open_file`` for Pelican's own rules).

    Pelican 4.12: ``Writer.write_file`` (each page of a call) and ``write_feed`` open
    their file with ``self._open_w(path, encoding, override)`` and write into what it
    returns as a context manager; ``_open_w`` applies the rules on writing a file twice
    (``override``)."""

    def _open_w(self, filename, encoding, override=False):
        return self.open_file(filename, encoding, override)

    def open_file(self, filename: str, encoding: str, override: bool = False):
        return self.pelican_open_file(filename, encoding, override)

    def pelican_open_file(self, filename: str, encoding: str, override: bool = False):
        """Pelican's own ``_open_w``: refuses or skips a second write of one file."""
        return Writer._open_w(self, filename, encoding, override)


def note_written(writer: Any, paths: Iterable[str]) -> None:
    """Record ``paths`` as written by ``writer``, as Pelican's ``_open_w`` does.

    Pelican 4.12: ``Writer._written_files`` is the set of paths opened so far."""
    writer._written_files.update(paths)


def written_records(writer: Any) -> tuple[set[str], set[str]]:
    """The writer's own records, live: the paths written and those written with
    ``override`` (Pelican 4.12: ``Writer._written_files``, ``Writer._overridden_files``,
    both sets made in ``__init__``)."""
    return writer._written_files, writer._overridden_files


def add_written_records(writer: Any, written: Iterable[str], overridden: Iterable[str]) -> None:
    """Add paths another process's copy of ``writer`` recorded (``written_records``)."""
    writer._written_files |= set(written)
    writer._overridden_files |= set(overridden)


def forget_written(writer: Any) -> None:
    """Empty the writer's records, as a new ``Writer`` starts (``written_records``)."""
    writer._written_files, writer._overridden_files = set(), set()


# The name under which ``reads_observed`` leaves its ``resolved`` on the environment,
# and the observed subclass of each context class (made once, not for every page).
_RESOLVED = "site_observe_resolved"
_OBSERVED_CONTEXTS: dict[type, type] = {}


def _observed_context(context_class: type) -> type:
    observed = _OBSERVED_CONTEXTS.get(context_class)
    if observed is None:
        class ObservedContext(context_class):  # type: ignore[misc, valid-type]
            def resolve_or_missing(self, key: str) -> Any:
                value = super().resolve_or_missing(key)
                report = vars(self.environment).get(_RESOLVED)
                if report is not None:
                    report(key, None if value is missing else value)
                return value

        observed = _OBSERVED_CONTEXTS[context_class] = ObservedContext
    return observed


@contextlib.contextmanager
def reads_observed(env: Environment, observe: Callable[[Any, str, Any], None], resolved: Callable[[str, Any], None],
                   holders: Callable[[type], bool]) -> Iterator[None]:
    """While the block runs, hand every attribute a template of ``env`` reads of an
    object whose type ``holders`` accepts to ``observe(holder, name, value)``, and every
    name of its context it looks up to ``resolved(name, value)`` (``value`` None when
    it has none).

    Jinja2 3.1 (each generator's ``env``, which renders Pelican's templates): a compiled
    template reads ``a.b`` through ``environment.getattr(a, "b")`` and ``a["b"]`` (and
    the filters' ``attribute=``) through ``environment.getitem``, looked up on the
    environment at each read; ``Environment.getattr`` returns ``getattr(a, "b")`` when
    there is one, else tries the item, else an ``Undefined``. Each template, included
    one and macro looks up the names it uses through ``Context.resolve_or_missing`` of a
    context made from ``environment.context_class``. Jinja has no hook for this (a
    sandbox overrides the same methods in a subclass, and Pelican makes its own
    ``Environment``): the environment's own are shadowed on the instance for the block,
    then uncovered. Most reads are of other objects: each costs a type lookup more than
    Jinja's own ``getattr``."""
    own = vars(env)
    shadowed = ("getattr", "getitem", "context_class", _RESOLVED)
    before = {name: own[name] for name in shadowed if name in own}
    getattr_, getitem_ = env.getattr, env.getitem
    plain = type(env).getattr is Environment.getattr  # not a sandbox: its first try is getattr()
    kinds: dict[type, bool] = {}  # ``holders``' answer for each type met

    def watched(kind: type) -> bool:
        known = kinds.get(kind)
        if known is None:
            known = kinds[kind] = holders(kind)
        return known

    def getattr_observed(holder: Any, name: str) -> Any:
        if plain:
            # ``Environment.getattr`` itself, inlined: calling it after a failed
            # ``getattr`` would fail that again (an exception more for every item read
            # as an attribute, and for every ``is defined`` of a missing one).
            try:
                value = getattr(holder, name)
            except AttributeError:
                try:
                    value = holder[name]
                except (TypeError, LookupError, AttributeError):
                    value = env.undefined(obj=holder, name=name)
        else:
            value = getattr_(holder, name)
        # ``watched`` inlined: this runs for every attribute of every watched page.
        known = kinds.get(type(holder))
        if known is None:
            known = watched(type(holder))
        if known:
            observe(holder, name, None if isinstance(value, Undefined) else value)
        return value

    def getitem_observed(holder: Any, name: Any) -> Any:
        value = getitem_(holder, name)
        if isinstance(name, str) and watched(type(holder)):
            observe(holder, name, None if isinstance(value, Undefined) else value)
        return value

    own.update({"getattr": getattr_observed, "getitem": getitem_observed,
                "context_class": _observed_context(env.context_class), _RESOLVED: resolved})
    try:
        yield
    finally:
        for name in shadowed:
            if name in before:
                own[name] = before[name]
            else:
                del own[name]


# -- a run -------------------------------------------------------------------------

# The lists of content objects an ``ArticlesGenerator`` and a ``PagesGenerator`` keep once
# they have read, one per status (attributes Pelican's documentation does not name), and
# those of drafts among them.
ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")
DRAFT_LISTS = ("drafts", "drafts_translations", "draft_pages", "draft_translations")
_READ_LISTS = tuple(dict.fromkeys(ARTICLE_LISTS + PAGE_LISTS))


def contents_read(generator: Any) -> list[Any]:
    """Every content object an articles or pages generator read, whatever its status
    (none for another generator)."""
    return [content for name in _READ_LISTS for content in getattr(generator, name, None) or ()]


def redirect_output(pelican: Any, path: str) -> None:
    """Make the next run write into ``path`` instead of ``OUTPUT_PATH``.

    Pelican 4.12: ``Pelican.__init__`` copies ``OUTPUT_PATH`` to ``output_path``;
    ``run`` passes ``self.output_path`` to every generator it makes and to the writer,
    and cleans it when ``DELETE_OUTPUT_DIRECTORY`` is on."""
    pelican.output_path = path


def wrap_generate_output(generator: Any, wrap: Callable[[Callable[[Any], None]], Callable[[Any], None]]) -> None:
    """Replace ``generator.generate_output`` by ``wrap(generator.generate_output)``.

    Pelican 4.12: ``Pelican.run`` calls ``generate_output(writer)`` on each generator
    that has one, looked up on the instance, after ``all_generators_finalized`` (whose
    receivers get the generator list) and in the generators' order."""
    generator.generate_output = wrap(generator.generate_output)


def set_static_links(context: dict[str, Any], names: Iterable[str]) -> None:
    """Make ``names`` (paths from the content root) the only linked files Pelican's
    ``StaticGenerator`` copies.

    Pelican 4.12: the articles and pages generators add every ``{static}``/``{attach}``
    link of every content object, drafts included, to ``context["static_links"]`` while
    they read; ``StaticGenerator`` runs after every other generator, reads
    ``context["static_links"]`` when its ``generate_context`` starts and copies those
    files plus the files below ``STATIC_PATHS``."""
    context["static_links"] = set(names)


def _no_stamp(_filename: str) -> int:
    return 0


def stop_file_stamps(cacher: Any) -> None:
    """Pelican's content caches (``pelican.cache.FileStampDataCacher``: the article and
    page generators, and each generator's ``Readers``) take a file's modification time
    through ``_filestamp_func`` on every ``get_cached_data`` and ``cache_data``, whether
    content caching is on or not: four ``stat`` calls per content file and build. For a
    cache that keeps nothing and loaded nothing (``CACHE_CONTENT`` and
    ``LOAD_CONTENT_CACHE`` off) the stamp decides nothing: it is made a constant."""
    if not hasattr(cacher, "_filestamp_func"):
        raise AttributeError(f"{type(cacher).__name__} has no _filestamp_func: Pelican's caches changed")
    cacher._filestamp_func = _no_stamp

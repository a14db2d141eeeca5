"""The Pelican behaviour the site relies on beyond Pelican's public API, one test per
function of ``pelican_adapter.internals``, on real Pelican objects. A failure after a
Pelican upgrade names the behaviour that changed: follow it in ``internals`` (and only
there). The last tests keep Pelican's private names out of every other module."""

from __future__ import annotations

import ast
import copy
import sys
import weakref
from pathlib import Path

import blinker
import jinja2
import pelican as pelican_module
import pytest
from pelican import Pelican, signals
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.settings import DEFAULT_CONFIG, read_settings
from pelican.utils import memoized
from pelican.writers import Writer

from attachments.attachments import file_links
from pelican_adapter import internals
from sitecore.report import BUILD_SESSION_KEY, BuildSession

ROOT = Path(__file__).resolve().parents[2]
THEME = str(ROOT / "theme")


@pytest.fixture(autouse=True)
def pelican_alone():
    """Pelican's signals without the site's receivers (a test that ran a resident build
    in this process registered every plugin): the behaviour checked is Pelican's own."""
    saved: dict[blinker.Signal, list] = {}
    for value in vars(signals).values():
        if isinstance(value, blinker.Signal):
            receivers = [r() if isinstance(r, weakref.ref) else r for r in list(value.receivers.values())]
            saved[value] = [r for r in receivers if r is not None]
            for receiver in saved[value]:
                value.disconnect(receiver)
    yield
    for sig, receivers in saved.items():
        for receiver in receivers:
            sig.connect(receiver)


def settings_for(content: Path, output: Path) -> dict:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(PATH=str(content), OUTPUT_PATH=str(output), STATIC_PATHS=[], THEME=THEME,
                    CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False, ARTICLE_PATHS=["articles"], PAGE_PATHS=["pages"],
                    DEFAULT_DATE="fs", PLUGINS=[], TIMEZONE="UTC")
    settings[BUILD_SESSION_KEY] = BuildSession()
    return settings


def context_for(settings: dict) -> dict:
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl="")
    return context


def article(tmp_path: Path, body: str, **metadata) -> Article:
    settings = settings_for(tmp_path / "content", tmp_path / "output")
    return Article(body, metadata={"title": "Bài", **metadata}, settings=settings,
                   source_path=str(tmp_path / "content/articles/2024/bai.md"), context=context_for(settings))


def a_pelican(tmp_path: Path) -> Pelican:
    """A real Pelican made from minimal settings (Pelican's default theme, no plugins)."""
    (tmp_path / "content/articles").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/articles/a.html").write_text(
        '<html><head><title>A</title><meta name="date" content="2024-07-15"></head>'
        '<body><a href="{static}/files/a.pdf">a</a></body></html>', encoding="utf-8")
    (tmp_path / "content/files").mkdir(exist_ok=True)
    (tmp_path / "content/files/a.pdf").write_text("a")
    settings = read_settings(None, override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"), "PLUGINS": [],
        "STATIC_PATHS": [], "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "TIMEZONE": "UTC",
        "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": ["pages"], "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None, "TRANSLATION_FEED_ATOM": None})
    # Pelican takes every subclass of BaseReader as a reader: the site's too, once imported.
    settings[BUILD_SESSION_KEY] = BuildSession()
    return Pelican(settings)


# -- content objects ---------------------------------------------------------------


def test_raw_content_is_the_body_before_pelican_replaces_its_links(tmp_path):
    body = '<p><a href="{static}/files/a.pdf">a</a></p>'
    made = article(tmp_path, body)
    assert internals.raw_content(made) == body, \
        "Content._content no longer holds the reader's HTML: raw_content must read it elsewhere"
    assert made.get_static_links() == {"files/a.pdf"}


def test_set_raw_content_is_what_pelican_renders_and_collects_links_from(tmp_path):
    made = article(tmp_path, '<p><a href="{static}/files/a.pdf">a</a></p>')
    internals.set_raw_content(made, '<p><a href="{static}/files/b.pdf">b</a></p>')
    assert made.get_static_links() == {"files/b.pdf"}, \
        "Content.get_static_links no longer reads Content._content: set_raw_content must write elsewhere"
    assert "files/b.pdf" in made.content and "a.pdf" not in made.content, \
        "Content.get_content no longer renders Content._content"


def test_intrasite_link_regex_is_pelicans_pattern_for_file_markers(tmp_path):
    made = article(tmp_path, "")
    found = internals.intrasite_link_regex(made).search('<a href="{filename}/articles/x.md">x</a>')
    assert found is not None and found.group("what") == "filename", \
        "Content._get_intrasite_link_regex() changed: links_elsewhere must follow it"


def test_rendered_content_is_memoized_on_the_class_until_forgotten(tmp_path):
    made = article(tmp_path, "<p>cũ</p>")
    for name in ("get_content", "get_summary"):
        assert isinstance(Content.__dict__[name], memoized), \
            f"Content.{name} is no longer pelican.utils.memoized: forget_rendered_content must change"
    assert made.content == "<p>cũ</p>"
    internals.set_raw_content(made, "<p>mới</p>")
    assert made.content == "<p>cũ</p>", "Content.get_content is no longer memoized (per object and siteurl)"
    internals.forget_rendered_content([made])
    assert made.content == "<p>mới</p>", \
        "the memoized get_content results are no longer kept in Content.__dict__['get_content'].cache"
    internals.set_raw_content(made, "<p>lần ba</p>")
    internals.forget_rendered_content()
    assert made.content == "<p>lần ba</p>"


def test_refresh_content_gives_the_old_object_everything_the_new_one_holds(tmp_path):
    old = article(tmp_path, "<p>cũ</p>", slug="cu")
    new = article(tmp_path, "<p>mới</p>", slug="moi", summary="Tóm tắt mới")
    internals.refresh_content(old, new)
    internals.forget_rendered_content([old])
    assert (old.title, old.slug, old.url, old.content, old.summary) == \
        ("Bài", "moi", new.url, "<p>mới</p>", "Tóm tắt mới"), \
        "a Content no longer keeps all its state in its instance __dict__: refresh_content must change"


def test_a_pinned_address_is_what_url_and_save_as_return(tmp_path):
    given = article(tmp_path, "", url="dia-chi/", save_as="dia-chi/index.html")
    assert internals.pinned_address(given, "url") and internals.pinned_address(given, "save_as"), \
        "Content.__init__ no longer keeps a url/save_as metadata value as override_url/override_save_as"
    made = article(tmp_path, "")
    assert not internals.pinned_address(made, "url")
    internals.pin_address(made, "url", "tin/bai/")
    internals.pin_address(made, "save_as", "tin/bai/index.html")
    assert (made.url, made.save_as) == ("tin/bai/", "tin/bai/index.html"), \
        "Content.get_url_setting no longer returns override_url/override_save_as"


# -- the writer --------------------------------------------------------------------


class RecordingWriter(internals.OpeningWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.opened: list[tuple[str, bool]] = []

    def open_file(self, filename, encoding, override=False):
        self.opened.append((filename, override))
        return super().open_file(filename, encoding, override)


def a_writer(tmp_path: Path, kind: type[Writer] = Writer) -> Writer:
    settings = settings_for(tmp_path / "content", tmp_path / "output")
    return kind(str(tmp_path / "output"), settings=settings)


def test_every_file_pelicans_writer_writes_is_opened_through_open_file(tmp_path):
    writer = a_writer(tmp_path, RecordingWriter)
    template = jinja2.Environment().from_string("<p>{{ x }}</p>")
    writer.write_file("a/index.html", template, {"x": 1}, override_output=True)
    writer.write_feed([], {"SITENAME": "Trang", "SITEURL": "", "FEED_DOMAIN": ""}, "rss/a.xml", feed_type="rss")
    assert writer.opened == [(str(tmp_path / "output/a/index.html"), True), (str(tmp_path / "output/rss/a.xml"), False)], \
        "Writer.write_file/write_feed no longer open their files through Writer._open_w(path, encoding, override)"
    assert (tmp_path / "output/a/index.html").read_text() == "<p>1</p>"
    with pytest.raises(Exception, match="already written"):  # Pelican's own rules, still reachable
        writer.write_file("rss/a.xml", template, {"x": 2})


def test_the_writers_records_are_the_files_it_opened(tmp_path):
    writer = a_writer(tmp_path)
    template = jinja2.Environment().from_string("x")
    writer.write_file("a.html", template, {})
    writer.write_file("b.html", template, {}, override_output=True)
    written, overridden = internals.written_records(writer)
    assert (written, overridden) == ({str(tmp_path / "output/a.html"), str(tmp_path / "output/b.html")},
                                     {str(tmp_path / "output/b.html")}), \
        "Writer._written_files/_overridden_files no longer record the files Writer._open_w opened"
    internals.note_written(writer, ["c.html"])
    internals.add_written_records(writer, {"d.html"}, {"d.html"})
    assert {"c.html", "d.html"} <= internals.written_records(writer)[0] and "d.html" in overridden
    internals.forget_written(writer)
    assert internals.written_records(writer) == (set(), set())
    writer.write_file("a.html", template, {})  # written again without complaint: the records are Pelican's
    assert internals.written_records(writer)[0] == {str(tmp_path / "output/a.html")}


def test_reads_observed_sees_every_attribute_and_name_a_rendered_page_reads(tmp_path):
    writer = a_writer(tmp_path)
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "page.html": '{% from "m.html" import shown with context %}{{ a.b }} {{ a["c"] }} {{ a.none }} '
                     '{{ xs|map(attribute="d")|join }} {% include "part.html" %} {{ shown() }}',
        "part.html": "{{ a.e }}",
        "m.html": "{% macro shown() %}{{ a.f }}{{ site }}{% endmacro %}",
    }))
    holder = type("Holder", (), {"b": 1, "c": 2, "e": 3, "f": 4})()
    item = type("Item", (), {"d": "x"})()
    reads, names = [], []
    kinds = {type(holder), type(item)}
    with internals.reads_observed(env, lambda h, n, v: reads.append((h, n, v)), lambda n, v: names.append((n, v)),
                                  kinds.__contains__):
        writer.write_file("a.html", env.get_template("page.html"), {"site": "S"}, a=holder, xs=[item])
        # Jinja's own order: the attribute first (a dict's "items" is its method), then
        # the item, then nothing.
        assert env.from_string("{{ d.items is callable }} {{ d.x }} {{ d.y }}").render(d={"items": 1, "x": 5}) == \
            "True 5 "
    assert (tmp_path / "output/a.html").read_text() == "1 2  x 3 4S"
    assert [(n, v) for h, n, v in reads if h is holder] == [("b", 1), ("c", 2), ("none", None), ("e", 3), ("f", 4)], \
        "Jinja2 no longer reads attributes through Environment.getattr/getitem (with Undefined when missing)"
    assert ("d", "x") in [(n, v) for h, n, v in reads if h is item]
    assert {"a", "xs", "site"} <= {n for n, _ in names}, \
        "Jinja2 no longer looks up a template's names through environment.context_class.resolve_or_missing"
    assert not {"getattr", "getitem", "context_class"} & set(vars(env)), "the environment's own methods are back"
    reads.clear()
    writer.write_file("b.html", env.get_template("page.html"), {"site": "S"}, a=holder, xs=[item])
    assert reads == []


# -- a run -------------------------------------------------------------------------


def test_initialized_is_sent_with_the_instance_that_runs(tmp_path):
    seen = []

    def initialized(sender):
        seen.append(sender)

    signals.initialized.connect(initialized)
    made = a_pelican(tmp_path)
    assert seen == [made], "Pelican.__init__ no longer sends initialized with itself: start_session patches nothing"


def test_a_run_writes_where_output_path_says_when_it_starts_and_calls_generate_output_on_the_instance(tmp_path):
    made = a_pelican(tmp_path)
    internals.redirect_output(made, str(tmp_path / "staging"))
    calls: list[str] = []
    seen: dict = {}

    def wrap(name):
        def wrapping(generate_output):
            def run(writer):
                calls.append(name)
                seen.setdefault("writers", set()).add(id(writer))
                generate_output(writer)
            return run
        return wrapping

    def finalized(generators):
        seen["generators"] = generators
        for generator in generators:
            if hasattr(generator, "generate_output"):
                internals.wrap_generate_output(generator, wrap(type(generator).__name__))

    signals.all_generators_finalized.connect(finalized)
    made.run()
    generators = seen["generators"]
    assert calls == [type(g).__name__ for g in generators if hasattr(g, "generate_output")] and calls, \
        "Pelican.run no longer calls generate_output(writer) on each generator (looked up on the instance) " \
        "after all_generators_finalized, in order"
    assert len(seen["writers"]) == 1, "Pelican.run no longer gives every generator one writer"
    assert (tmp_path / "staging/a.html").is_file() and not (tmp_path / "output").exists(), \
        "Pelican.run no longer writes into Pelican.output_path as it is when the run starts"
    assert {g.output_path for g in generators} == {str(tmp_path / "staging")}


def test_drafts_links_are_collected_and_the_articles_known_when_pages_are_finalized(tmp_path):
    """``set_static_links`` is called on ``page_generator_finalized``: every link of every
    article, draft included, is in ``static_links`` then, and the articles are known."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    head = '<html><head><title>{}</title><meta name="date" content="2024-07-15">{}</head><body>{}</body></html>'
    (content / "articles/dang.html").write_text(head.format("Đăng", "", '<a href="{static}/files/dang.pdf">a</a>'))
    (content / "articles/nhap.html").write_text(
        head.format("Nháp", '<meta name="status" content="draft">', '<a href="{static}/files/nhap.pdf">b</a>'))
    settings = settings_for(content, tmp_path / "output")
    context = context_for(settings)
    args = dict(context=context, settings=settings, path=str(content), theme=THEME, output_path=str(tmp_path / "output"))
    seen = {}

    def articles_done(generator) -> None:
        seen["links"] = set(generator.context["static_links"])

    def pages_done(generator) -> None:
        seen["articles"] = [a.title for a in generator.context["articles"]]
        seen["drafts"] = [a.title for a in generator.context["drafts"]]

    signals.article_generator_finalized.connect(articles_done)
    signals.page_generator_finalized.connect(pages_done)
    ArticlesGenerator(**args).generate_context()
    PagesGenerator(**args).generate_context()
    assert seen == {"links": {"files/dang.pdf", "files/nhap.pdf"}, "articles": ["Đăng"], "drafts": ["Nháp"]}, \
        "the articles generator no longer collects every {static} link, drafts' too, before pages are finalized"


def test_the_generators_keep_what_they_read_in_the_lists_named_by_status(tmp_path):
    """``ARTICLE_LISTS``, ``PAGE_LISTS``, ``DRAFT_LISTS``: every content object a
    generator reads is in one of its lists, each of its status (``contents_read``)."""
    content = tmp_path / "content"
    head = '<html><head><title>{}</title><meta name="date" content="2024-07-15">{}</head><body>x</body></html>'
    files = {"articles/dang.html": ("Đăng", ""), "articles/an.html": ("Ẩn", "hidden"),
             "articles/nhap.html": ("Nháp", "draft"), "pages/gioi-thieu.html": ("Giới thiệu", ""),
             "pages/an.html": ("Trang ẩn", "hidden"), "pages/nhap.html": ("Trang nháp", "draft")}
    for name, (title, status) in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(head.format(title, f'<meta name="status" content="{status}">' if status else ""))
    (content / "articles/dang-en.html").write_text(head.format(
        "Posted", '<meta name="lang" content="fr"><meta name="slug" content="dang">'))
    settings = settings_for(content, tmp_path / "output")
    args = dict(context=context_for(settings), settings=settings, path=str(content), theme=THEME,
                output_path=str(tmp_path / "output"))
    articles, pages = ArticlesGenerator(**args), PagesGenerator(**args)
    articles.generate_context()
    pages.generate_context()
    for generator, names in ((articles, internals.ARTICLE_LISTS), (pages, internals.PAGE_LISTS)):
        assert all(isinstance(getattr(generator, name), list) for name in names), names
    assert sorted(a.title for a in internals.contents_read(articles)) == ["Nháp", "Posted", "Đăng", "Ẩn"]
    assert sorted(p.title for p in internals.contents_read(pages)) == ["Giới thiệu", "Trang nháp", "Trang ẩn"]
    drafts = [c.title for g in (articles, pages) for name in internals.DRAFT_LISTS for c in getattr(g, name, [])]
    assert sorted(drafts) == ["Nháp", "Trang nháp"]
    assert [a.title for a in articles.translations] == ["Posted"], "a translation is kept in its own list"

def test_the_content_caches_stamp_each_file_through_filestamp_func_even_when_caching_is_off(tmp_path, monkeypatch):
    """``stop_file_stamps``: with content caching off, Pelican's generators and readers
    still take each file's modification time (``_filestamp_func``, ``os.path.getmtime``
    for ``CHECK_MODIFIED_METHOD = "mtime"``); made a constant, they read the same."""
    import os

    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles/a.html").write_text(
        '<html><head><title>A</title><meta name="date" content="2024-07-15"></head><body>x</body></html>')
    settings = settings_for(content, tmp_path / "output")
    stamps: list[str] = []
    real = os.path.getmtime
    monkeypatch.setattr(os.path, "getmtime", lambda path: stamps.append(path) or real(path))

    def read(stop: bool) -> list[str]:
        generator = ArticlesGenerator(context=context_for(settings), settings=settings, path=str(content),
                                      theme=THEME, output_path=str(tmp_path / "output"))
        if stop:
            internals.stop_file_stamps(generator)
            internals.stop_file_stamps(generator.readers)
        generator.generate_context()
        return [a.title for a in generator.articles]

    assert read(stop=False) == ["A"]
    assert len(stamps) >= 2, "Pelican's caches no longer stamp each file: stop_file_stamps may go"
    stamps.clear()
    assert read(stop=True) == ["A"]
    assert stamps == []
    with pytest.raises(AttributeError):
        internals.stop_file_stamps(object())


def test_static_generator_copies_exactly_static_links_and_runs_last(tmp_path):
    content = tmp_path / "content"
    (content / "files").mkdir(parents=True)
    for name in ("dang.pdf", "nhap.pdf", "le.pdf"):
        (content / "files" / name).write_text(name)
    settings = settings_for(content, tmp_path / "output")
    context = context_for(settings)
    context["static_links"] = {"files/dang.pdf", "files/nhap.pdf"}  # as the articles generator left it
    static = StaticGenerator(context=context, settings=settings, path=str(content), theme=THEME,
                             output_path=str(tmp_path / "output"))
    internals.set_static_links(context, {"files/dang.pdf"})  # after the generator is made, before it runs
    static.generate_context()
    static.generate_output(None)
    assert [f.source_path for f in context["staticfiles"]] == [str(content / "files/dang.pdf")], \
        "StaticGenerator no longer copies exactly context['static_links'] (read when generate_context starts)"
    assert sorted(p.name for p in (tmp_path / "output").rglob("*.pdf")) == ["dang.pdf"]


def test_our_link_names_are_pelicans_static_links(tmp_path):
    """The attachments plugin judges every file Pelican would copy: its own finder
    (``attachments.file_links``) finds all ``Content.get_static_links`` finds."""
    body = ('<p><a href="{static}/files/a.pdf">a</a> <a href="{attach}../files/b%20c.pdf">b</a> '
            '<a href=\'|static|x.docx\'>x</a> <img alt="" src="{static}/images/2024/d.jpg"> '
            '<video src="{static}/files/e.mp4" poster="{static}/images/f.jpg"></video> '
            '<a href="{static}/../g.txt#p">g</a> <a href="{filename}/articles/h.md">h</a> '
            '<a href="https://khuyenhoc.vn/i.pdf">i</a> <a href="{static}/files/j.pdf?v=2">j</a></p>')
    made = article(tmp_path, body)
    ours = {link.key for link in file_links(body, "articles/2024") if link.key}
    # every file Pelican would copy is judged; the <video>'s src, which Pelican skips
    # (it takes the last marked attribute of a tag), is judged and pointed too
    assert ours == made.get_static_links() | {"files/e.mp4"}, \
        "Content.get_static_links (Content._get_intrasite_link_regex) finds other links than attachments' finder"


# -- nowhere else ------------------------------------------------------------------

PLUGINS = ROOT / "plugins"
ADAPTER = PLUGINS / "pelican_adapter"
# Private names of the site's own objects set on objects of another library (checked
# below: any other ``x._name`` where ``x`` is not ``self``/``cls`` is refused).
OWN_NAMES_ON_OTHER_OBJECTS = {
    "_province_registry",  # provinces: the registry, cached on Pelican's generator
    "_nv_done",  # nukeviet_import.html2md: a BeautifulSoup tag already converted
}
# Names the site's own subclasses of Pelican's classes use for themselves that Pelican's
# modules happen to use too (allowed through ``self``).
OWN_NAMES_ALSO_PELICANS: set[str] = set()
# Attributes of Pelican's objects that only the adapter may assign (monkeypatching).
PATCHED_ONLY_IN_ADAPTER = {"run", "output_path", "generate_output", "__dict__"}


def _pelican_classes() -> dict[str, tuple[list[str], set[str]]]:
    """Each class of Pelican's modules: its base classes' names and the private names
    (``_x``) it defines or uses on ``self``."""
    classes: dict[str, tuple[list[str], set[str]]] = {}
    for path in Path(pelican_module.__file__).parent.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {n.name for n in node.body if isinstance(n, ast.FunctionDef) and _private(n.name)}
                names |= {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute) and _private(n.attr)
                          and isinstance(n.value, ast.Name) and n.value.id in ("self", "cls")}
                bases = [b.id if isinstance(b, ast.Name) else b.attr for b in node.bases
                         if isinstance(b, (ast.Name, ast.Attribute))]
                known = classes.setdefault(node.name, ([], set()))
                known[0].extend(bases)
                known[1].update(names)
    return classes


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_names_of(classes: dict[str, tuple[list[str], set[str]]], name: str) -> set[str]:
    """The private names of Pelican's class ``name`` and of its Pelican bases."""
    bases, names = classes.get(name, ([], set()))
    return names.union(*(_private_names_of(classes, b) for b in bases if b != name))


def _plugin_files() -> list[Path]:
    return sorted(p for p in PLUGINS.rglob("*.py") if ADAPTER not in p.parents)


def _attribute_name(node: ast.AST) -> tuple[str, str] | None:
    """(name, receiver) of a private attribute ``node`` uses: ``x._name``,
    ``getattr(x, "_name")`` (and ``setattr``, ``hasattr``), ``override_…`` by name."""
    if isinstance(node, ast.Attribute) and (_private(node.attr) or node.attr == "__dict__"):
        return node.attr, node.value.id if isinstance(node.value, ast.Name) else ""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) >= 2):
        arg = node.args[1]
        text = arg.value if isinstance(arg, ast.Constant) else \
            "".join(str(v.value) for v in arg.values if isinstance(v, ast.Constant)) if isinstance(arg, ast.JoinedStr) \
            else None
        if isinstance(text, str) and (_private(text) or text.startswith("override_")):
            return text, ""
    return None


def _private_uses() -> list[str]:
    """Every use of a private name in ``plugins/`` outside the adapter that may be
    Pelican's: ``self._x`` or ``def _x`` in a subclass of a Pelican class that has
    ``_x``; ``x._x`` (or ``getattr(x, "_x")``) on any other object unless ``_x`` is in
    ``OWN_NAMES_ON_OTHER_OBJECTS``; ``override_…`` by name; any ``__dict__``."""
    classes = _pelican_classes()
    pelicans = set().union(*(names for _, names in classes.values()))
    found = []
    for path in _plugin_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        imported = _pelican_imports(tree)
        # Inside a subclass of one of Pelican's classes, ``self._x`` is Pelican's when its
        # class has that name.
        inherited: dict[int, set[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = set().union(*(_private_names_of(classes, b.id) for b in node.bases
                                      if isinstance(b, ast.Name) and b.id in imported))
                names -= OWN_NAMES_ALSO_PELICANS
                for inner in ast.walk(node):
                    inherited[id(inner)] = names
                for inner in node.body:
                    if isinstance(inner, ast.FunctionDef) and inner.name in names:
                        found.append(f"{where}:{inner.lineno}: def {inner.name} (overrides Pelican's)")
        for node in ast.walk(tree):
            used = _attribute_name(node)
            if used is None:
                continue
            name, receiver = used
            if name == "__dict__":
                found.append(f"{where}:{node.lineno}: __dict__ (a content object's state: internals.refresh_content)")
            elif receiver in ("self", "cls"):
                if name in inherited.get(id(node), set()):
                    found.append(f"{where}:{node.lineno}: self.{name} (Pelican's, in a subclass of Pelican's class)")
            elif name in OWN_NAMES_ON_OTHER_OBJECTS:
                continue
            elif name.startswith("override_") or name in pelicans or receiver:
                found.append(f"{where}:{node.lineno}: {name}")
    return found


def test_no_plugin_touches_pelicans_private_names_but_the_adapter():
    assert _private_uses() == [], (
        "Pelican's private names (or a private name on another library's object) outside "
        "plugins/pelican_adapter/internals.py; add a function there with a contract test, "
        "or list the site's own name in OWN_NAMES_ON_OTHER_OBJECTS")


def _pelican_imports(tree: ast.Module) -> set[str]:
    """The names a module imports from Pelican (its classes and modules)."""
    return {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] == "pelican" for alias in node.names}


def test_no_plugin_patches_pelicans_objects_but_the_adapter():
    """No assignment outside the adapter to what Pelican's run calls or reads (``run``,
    ``output_path``, ``generate_output``, a whole ``__dict__``, ``static_links``) nor
    to any attribute of a class or module imported from Pelican (``Writer.x = …``)."""
    found = []
    for path in _plugin_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _pelican_imports(tree)
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                for part in (target.elts if isinstance(target, ast.Tuple) else [target]):
                    if isinstance(part, ast.Attribute) and part.attr in PATCHED_ONLY_IN_ADAPTER \
                            and not (isinstance(part.value, ast.Name) and part.value.id in ("self", "cls")):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{part.attr} =")
                    elif isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name) \
                            and part.value.id in imported:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {part.value.id}.{part.attr} =")
                    if isinstance(part, ast.Subscript) and isinstance(part.slice, ast.Constant) \
                            and part.slice.value == "static_links":
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: ['static_links'] =")
    assert found == [], f"Pelican's run or objects patched outside the adapter: {found}"


def test_the_check_finds_what_it_is_for(tmp_path, monkeypatch):
    """The two checks above, on a plugin that does what they refuse."""
    plugins = tmp_path / "plugins"
    (plugins / "bad").mkdir(parents=True)
    (plugins / "bad/bad.py").write_text(
        "from pelican.writers import Writer\n"
        "def f(article, writer, pelican, generator, context):\n"
        "    article._content = 'x'\n"
        "    getattr(article, '_content', None)\n"
        "    writer._written_files.add('a')\n"
        "    old.__dict__.update(new.__dict__)\n"
        "    pelican.run = f\n"
        "    generator.generate_output = f\n"
        "    context['static_links'] = set()\n"
        "    Writer.write_file = f\n"
        "    setattr(article, f'override_{1}', 'a')\n"
        "class W(Writer):\n"
        "    def _open_w(self, f, e, o=False):\n"
        "        return super()._open_w(f, e, o)\n"
        "    def g(self):\n"
        "        self._written_files.add('a')\n")
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "PLUGINS", plugins)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "ADAPTER", plugins / "pelican_adapter")
    found = [line.split(": ", 1)[1] for line in _private_uses()]
    assert sorted(found) == sorted([
        "_content", "_content", "_written_files", "__dict__ (a content object's state: internals.refresh_content)",
        "__dict__ (a content object's state: internals.refresh_content)", "override_",
        "_open_w", "def _open_w (overrides Pelican's)",
        "self._written_files (Pelican's, in a subclass of Pelican's class)"])
    with pytest.raises(AssertionError, match=r"\.run =.*\.generate_output =.*static_links.*Writer\.write_file ="):
        test_no_plugin_patches_pelicans_objects_but_the_adapter()

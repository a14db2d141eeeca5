"""The Pelican behaviour the attachments plugin relies on (``attachments.publish_only``,
``attachments.body_of``, ``attachments.file_links``): if one of these fails after a
Pelican upgrade, the decision of which files are published must move with it."""

from __future__ import annotations

import copy
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.settings import DEFAULT_CONFIG

from attachments.attachments import body_of, file_links, publish_only
from sitecore.report import BUILD_SESSION_KEY, BuildSession

THEME = str(Path(__file__).resolve().parents[2] / "theme")


def settings_for(content: Path, output: Path) -> dict:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(PATH=str(content), OUTPUT_PATH=str(output), STATIC_PATHS=[], THEME=THEME,
                    CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False, ARTICLE_PATHS=["articles"], PAGE_PATHS=["pages"],
                    DEFAULT_DATE="fs", PLUGINS=[], TIMEZONE="UTC")
    return settings


def with_session(settings: dict) -> dict:
    # the project's reader, when another test registered it, needs a build session
    settings[BUILD_SESSION_KEY] = BuildSession()
    return settings


def context_for(settings: dict) -> dict:
    context = settings.copy()
    context.update(generated_content={}, static_links=set(), static_content={}, localsiteurl="")
    return context


def test_our_link_names_are_pelicans_static_links(tmp_path):
    settings = settings_for(tmp_path / "content", tmp_path / "output")
    body = ('<p><a href="{static}/files/a.pdf">a</a> <a href="{attach}../files/b%20c.pdf">b</a> '
            '<a href=\'|static|x.docx\'>x</a> <img alt="" src="{static}/images/2024/d.jpg"> '
            '<video src="{static}/files/e.mp4" poster="{static}/images/f.jpg"></video> '
            '<a href="{static}/../g.txt#p">g</a> <a href="{filename}/articles/h.md">h</a> '
            '<a href="https://khuyenhoc.vn/i.pdf">i</a> <a href="{static}/files/j.pdf?v=2">j</a></p>')
    article = Article(body, metadata={"title": "Bài"}, settings=settings,
                      source_path=str(tmp_path / "content/articles/2024/bai.md"), context=context_for(settings))
    assert body_of(article) == body  # the body before Pelican replaces its links
    ours = {link.key for link in file_links(body, "articles/2024") if link.key}
    # every file Pelican would copy is judged; the <video>'s src, which Pelican skips
    # (it takes the last marked attribute of a tag), is judged and pointed too
    assert ours == article.get_static_links() | {"files/e.mp4"}


def test_drafts_links_are_collected_and_the_articles_known_when_pages_are_finalized(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    head = '<html><head><title>{}</title><meta name="date" content="2024-07-15">{}</head><body>{}</body></html>'
    (content / "articles/dang.html").write_text(head.format("Đăng", "", '<a href="{static}/files/dang.pdf">a</a>'))
    (content / "articles/nhap.html").write_text(
        head.format("Nháp", '<meta name="status" content="draft">', '<a href="{static}/files/nhap.pdf">b</a>'))
    settings = with_session(settings_for(content, tmp_path / "output"))
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
    try:
        ArticlesGenerator(**args).generate_context()
        PagesGenerator(**args).generate_context()
    finally:
        signals.article_generator_finalized.disconnect(articles_done)
        signals.page_generator_finalized.disconnect(pages_done)
    assert seen == {"links": {"files/dang.pdf", "files/nhap.pdf"}, "articles": ["Đăng"], "drafts": ["Nháp"]}


def test_static_generator_copies_exactly_static_links_and_runs_last(tmp_path):
    from pelican import Pelican

    content = tmp_path / "content"
    (content / "files").mkdir(parents=True)
    for name in ("dang.pdf", "nhap.pdf", "le.pdf"):
        (content / "files" / name).write_text(name)
    settings = with_session(settings_for(content, tmp_path / "output"))
    context = context_for(settings)
    context["static_links"] = {"files/dang.pdf", "files/nhap.pdf"}  # as the articles generator left it
    static = StaticGenerator(context=context, settings=settings, path=str(content), theme=THEME,
                             output_path=str(tmp_path / "output"))
    publish_only(context, {"files/dang.pdf"})  # after the generator is made, before it runs
    static.generate_context()
    static.generate_output(None)
    assert [f.source_path for f in context["staticfiles"]] == [str(content / "files/dang.pdf")]
    assert sorted(p.name for p in (tmp_path / "output").rglob("*.pdf")) == ["dang.pdf"]

    pelican = Pelican.__new__(Pelican)
    pelican.settings = settings
    classes = pelican._get_generator_classes()
    assert classes[:2] == [ArticlesGenerator, PagesGenerator] and classes[-1] is StaticGenerator

"""Adapter: a body rebuild in a new process (``invoke build``, CI), without Pelican's run.

When the only inputs changed since the last build are the bodies of a few existing
articles, a build in a new process does not run Pelican's generators over the whole
site (13-15 s at 10,000 articles, most of it reading, keying and taking over what did
not change). Every build keeps a record of each article: its file's hash, a digest of
what other pages show of it (``changes.shown_elsewhere``: front matter, summary,
address, status, date, photos) and the files that show its body, each with the form
the body takes there (``StagedBuild.carriers``: a template's page, a feed's escaped
text, the saved copy's inlined photos). A body rebuild reads the edited article twice
with the site's own readers and signals, as the last build had it (the kept reading of
its old hash) and as it is now; when both give the recorded digest, each of its files
is the published file with the old form of the body replaced by the new one (found
exactly once, else nothing is done this way). Its search page is made again and the
build finishes as any other (search index, compressed copies, the sync, the records).
Anything else, or any doubt, is Pelican's whole run, which makes the same files (tested
byte for byte).

Handlers:
* ``keep_bodies`` (all_generators_finalized): the record, written once the build is
  published.
* ``build_bodies`` (``safe_build.build_instead``): the body rebuild, when it applies.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator

from content_model.reader import FrontMatterMarkdownReader
from content_model.settings import ContentSettings
from incremental.incremental import ARTICLE_LISTS, article_facts, links_elsewhere
from pelican_adapter import internals
from safe_build.safe_build import PAGE, StagedBuild, build_instead, publish_staging
from sitecore.errors import display_path
from sitecore.files import BODIES_STAGING, beside
from sitecore.records import load_record, save_record
from sitecore.report import BuildReport, session_of

from .changes import changed_articles, replace_once, shown_digest, shown_elsewhere

logger = logging.getLogger(__name__)

RECORD_VERSION = 2
# More edited articles than this in one build: Pelican's run (each body rebuilt alone
# costs about as much as the rest of a small build).
MAX_ARTICLES = 20


@dataclass(frozen=True, slots=True)
class BodyRebuildSettings:
    """``SITE_BODY_REBUILD``: a build whose only change is the body of a few articles
    rebuilds them alone (default on; off: always Pelican's run, the same files)."""

    enabled: bool = True

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "BodyRebuildSettings":
        return cls(bool(settings.get("SITE_BODY_REBUILD", True)))


def _record_path(session: StagedBuild) -> Path:
    return session.cache_file("article-bodies")


def shown_of(article: Content, derived: set[str], chosen_by: Collection[str] = ()) -> tuple:
    """What pages other than its own show of ``article`` (``changes.shown_elsewhere``);
    ``derived``: the photos that have derived copies (not static files to copy);
    ``chosen_by``: fields shown only through a choice, left out (compared apart)."""
    return shown_elsewhere(article.metadata, article_facts(article), article.get_static_links() - derived, chosen_by)


def selections_of(session: StagedBuild) -> dict[str, dict[str, Any]]:
    """What each choice among the articles ("Tiêu điểm") picked in the session's last
    run, as the record keeps it: name -> fields, chosen source paths, the facts its
    generator needs to tell whether an edit changes it (``choice_changes``)."""
    return {name: {"fields": list(choice.fields), "chosen": list(choice.chosen), "facts": dict(choice.facts)}
            for name, choice in sorted(session.selections.items())}


def choice_fields(selections: Mapping[str, Any]) -> frozenset[str]:
    """The fields that pages show only through one of ``selections``."""
    return frozenset(f for selection in selections.values() for f in selection["fields"])


def choice_changes(generators: Sequence[Any], selections: Mapping[str, Any], old: Content,
                   new: Content) -> tuple[tuple[str, ...], str]:
    """An edit of the fields that pages show only through a choice among the articles
    (a featured flag: "Tiêu điểm") is rebuilt without Pelican's run only when the
    generator that makes the choice says it stays as recorded (``keeps_selection``);
    the article's own files do not show them. Return the fields that changed and the
    name of the first choice that may change ("" when none)."""
    changed: list[str] = []
    for name, selection in sorted(selections.items()):
        fields = [f for f in selection["fields"] if old.metadata.get(f) != new.metadata.get(f)]
        if not fields:
            continue
        if not any(g.keeps_selection(name, selection, old, new) for g in generators if hasattr(g, "keeps_selection")):
            return tuple(changed), name
        changed += fields
    return tuple(changed), ""


def read_article(generator: ArticlesGenerator, path: str, kind: type[Content] = Article) -> Content:
    """The article file ``path`` read again as ``generator`` reads it (the site's reader,
    Pelican's signals), without its run's read-ahead."""
    return generator.readers.read_file(
        base_path=generator.path, path=os.path.relpath(path, generator.path), content_class=kind,
        context=generator.context, context_signal=signals.article_generator_context, context_sender=generator)


def keep_bodies(generators: list[Any]) -> None:
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    session = session_of(articles.settings) if articles is not None else None
    if not isinstance(session, StagedBuild) or session.config is None or session.config.check_only:
        return
    contents = [a for name in ARTICLE_LISTS for a in getattr(articles, name, [])]
    context = articles.context
    path = _record_path(session)
    path.unlink(missing_ok=True)  # written again once this build is published
    digests: dict[int, tuple[str, str]] = {}  # id -> (file hash, shown digest): a resident build asks again

    def save(_output: Path) -> None:
        plan = session.render_plan
        if plan is None or session.inputs is None:
            return
        derived = set(context.get("image_derived", {}))
        # What each choice among the articles ("Tiêu điểm") picked, for a body rebuild
        # to tell whether an edit of its fields changes it (``choice_changes``).
        selections = selections_of(session)
        shown_apart = choice_fields(selections)
        entries: dict[str, Any] = {}
        twice: set[str] = set()
        for article in contents:
            sha, carriers = plan.own.get(id(article)), session.carriers.get(id(article))
            if sha is None or not carriers:
                continue
            files = _files(plan, carriers)
            if article.source_path in entries:  # one file, two objects (translations)
                twice.add(article.source_path)
            if files is None:
                continue
            known = digests.get(id(article))
            if known is None or known[0] != sha:
                known = digests[id(article)] = (sha, shown_digest(shown_of(article, derived, shown_apart)))
            entries[article.source_path] = {"sha": sha, "shown": known[1], "files": files}
        for source in twice:
            del entries[source]
        save_record(path, RECORD_VERSION, {"inputs": session.inputs, "fixed": session.fixed_inputs,
                                           "articles": entries, "selections": selections})

    session.add_publish_step("article bodies record", save)


def _files(plan: Any, carriers: Mapping[str, str]) -> dict[str, str] | None:
    """The published files of ``carriers`` (call -> form), each with its form; None when
    one was not made once by this build's plan (written twice, or not at all)."""
    files: dict[str, str] = {}
    for call, form in carriers.items():
        made = plan.calls.get(call)
        if made is None or call in plan.repeated:
            return None
        for name in made[1]:
            files[name] = form
    return files


@dataclass
class _Edit:
    path: str
    entry: dict[str, Any]
    old: Content | None = None
    new: Content | None = None
    chosen_fields: tuple[str, ...] = ()  # fields of a choice ("featured") that changed, the choice kept


class _NotHere(Exception):
    """Why this build is not a body rebuild (Pelican's run makes it)."""


def build_bodies(pelican: Any) -> bool:
    session = session_of(pelican.settings)
    if not isinstance(session, StagedBuild) or session.resident or session.run_anyway:
        return False
    config = session.config
    if config is None or config.check_only or not config.skip_unchanged:
        return False  # nothing known of the last build: Pelican's run
    if not BodyRebuildSettings.from_pelican(pelican.settings).enabled:
        return False
    staging, output_path = session.staging, pelican.output_path
    try:
        edits, record = _edits(pelican, session)
        # A staging folder of its own: the whole build's keeps the site's 20,000 folders
        # between builds, and walking them twice (emptying it, the sync) was 0.7 s.
        session.staging = beside(session.output, BODIES_STAGING)
        internals.redirect_output(pelican, os.fspath(session.staging))
        generators = _generators(pelican, session)
        staged = _made_again(session, generators, edits, record.get("selections") or {})
        _published_as_left(session)
    except Exception as reason:  # noqa: BLE001 - any doubt: Pelican's run builds the site
        if not isinstance(reason, _NotHere):
            reason = f"{type(reason).__name__}: {reason}"
        logger.info("Dựng lại toàn bộ (không dựng riêng bài sửa thân bài: %s)", reason)
        session.partial, session.published_files = False, None
        session.staging = staging
        internals.redirect_output(pelican, output_path)
        return False
    _publish(pelican, session, generators, edits, record, staged)
    return True


def _edits(pelican: Any, session: StagedBuild) -> tuple[list[_Edit], dict[str, Any]]:
    previous = session.previous_record
    if previous is None or session.hasher is None:
        raise _NotHere("chưa có lần dựng trước")
    if not previous.same_clock(ContentSettings.from_pelican(pelican.settings).now):
        raise _NotHere("ngày mới hoặc đến giờ đăng")
    record = load_record(_record_path(session), RECORD_VERSION)
    if record is None or record.get("inputs") != previous.inputs or record.get("fixed") != session.fixed_inputs:
        raise _NotHere("cài đặt, mã hoặc bản ghi đã khác")
    before = previous.hashes_by_path(session.input_roots)
    entries = record["articles"]
    changes = changed_articles(before, session.input_files, entries)
    if not changes.articles:
        raise _NotHere(changes.reason or "không bài nào đổi")
    if len(changes.articles) > MAX_ARTICLES:
        raise _NotHere(f"{len(changes.articles)} bài đổi")
    edits = [_Edit(path, entries[path]) for path in changes.articles]
    if any(edit.entry["sha"] != before[edit.path] for edit in edits):
        raise _NotHere("bản ghi không khớp lần dựng trước")
    return edits, record


def _published_as_left(session: StagedBuild) -> None:
    """The published files are as the last build left them (looked at in a child process
    since the skip check, ``StagedBuild.look_at_published``)."""
    assert session.previous_record is not None
    published: dict[str, tuple[int, int]] = {}
    if session.published_digest(published) != session.previous_record.output:
        raise _NotHere("tệp đã xuất bản bị sửa từ bên ngoài")
    session.published_files = published  # the sync takes these figures (``publish_staging``)


def _generators(pelican: Any, session: StagedBuild) -> list[Any]:
    """The generators as Pelican's run makes them (the run's start: a fresh report, an
    empty staging folder, the plugins' finish steps), none of them run."""
    session.partial = True
    return internals.make_generators(pelican)


def _read(generator: ArticlesGenerator, path: str, kind: type[Content] = Article) -> Content:
    try:
        return read_article(generator, path, kind)
    except Exception as error:  # Pelican's run reports it as Pelican does
        raise _NotHere(f"không đọc được {display_path(path)}: {error}") from None


def _made_again(session: StagedBuild, generators: list[Any], edits: list[_Edit],
                selections: Mapping[str, Any]) -> dict[str, str]:
    """Each edited article read as it was and as it is, checked against the record
    (and the choices among the articles it may be part of, ``selections``); return the
    text of every file that shows its body, made again (relative name -> text).
    Nothing is written."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    reader = next((r for r in articles.readers.readers.values() if isinstance(r, FrontMatterMarkdownReader)), None)
    if reader is None:
        raise _NotHere("không có bộ đọc Markdown của trang")
    for edit in edits:
        if not reader.use_kept(edit.path, edit.entry["sha"]):
            raise _NotHere(f"không còn bản đọc cũ của {display_path(edit.path)}")
        edit.old = _read(articles, edit.path)
    session.report = BuildReport()  # the old versions' warnings are the last build's
    for edit in edits:
        edit.new = _read(articles, edit.path, type(edit.old))
    if session.report.has_errors():
        raise _NotHere("bài có lỗi")
    texts = {form: g.body_text for g in generators for form in getattr(g, "BODY_FORMS", ())}
    preparing = [g.prepare_body for g in generators if hasattr(g, "prepare_body")]
    # The files a body's photos are read from (saved copies inline them) are published.
    session.kept = set(session.published_names or ())
    staged: dict[str, str] = {}
    shown_apart = choice_fields(selections)
    derived = set(articles.context.get("image_derived", {}))
    for edit in edits:
        old, new = edit.old, edit.new
        assert old is not None and new is not None
        if type(new) is not type(old) or new.status != old.status:
            raise _NotHere(f"trạng thái mới: {display_path(edit.path)}")
        for content in (old, new):
            if not all(prepare(content) for prepare in preparing):
                raise _NotHere(f"ảnh chưa có trong bộ nhớ đệm: {display_path(edit.path)}")
            if links_elsewhere(content):
                raise _NotHere(f"có liên kết nội bộ: {display_path(edit.path)}")
        if {shown_digest(shown_of(content, derived, shown_apart)) for content in (old, new)} != {edit.entry["shown"]}:
            raise _NotHere(f"phần hiện ở trang khác đã đổi: {display_path(edit.path)}")
        edit.chosen_fields, changing = choice_changes(generators, selections, old, new)
        if changing:
            raise _NotHere(f"khối {changing} có thể đổi: {display_path(edit.path)}")
        for name, form in sorted(edit.entry["files"].items()):
            if form == PAGE:
                before, after = old.content, new.content
            elif form in texts:
                before, after = texts[form](form, old), texts[form](form, new)
            else:
                raise _NotHere(f"không biết cách làm lại {name}")
            text = staged.get(name)
            if text is None:
                text = (session.output / name).read_text(encoding="utf-8")
            made = replace_once(text, before, after)
            if made is None:
                raise _NotHere(f"không thấy thân bài trong {name}")
            staged[name] = made
    return staged


def _publish(pelican: Any, session: StagedBuild, generators: list[Any], edits: Sequence[_Edit],
             record: dict[str, Any], staged: Mapping[str, str]) -> None:
    previous = session.previous_record
    assert previous is not None
    for name, text in staged.items():
        session.write_file(session.staging / name, text.encode("utf-8"))
    for generator in generators:
        if hasattr(generator, "commit_bodies"):
            generator.commit_bodies([edit.new for edit in edits])
    # The last build's warnings about the other files stay, as the skip check repeats them.
    edited = tuple(f"{display_path(edit.path)}:" for edit in edits)
    session.carried_warnings = tuple(line for line in previous.warnings if not line.startswith(edited))
    for line in session.carried_warnings:
        sys.stderr.write(f"{line}\n")
    for edit in edits:
        edit.entry["sha"] = session.input_files[edit.path]
    record["inputs"] = session.inputs
    session.add_publish_step("article bodies record",
                             lambda _output: save_record(_record_path(session), RECORD_VERSION, record))
    publish_staging(pelican)
    fields = sorted({f for edit in edits for f in edit.chosen_fields})
    what = f"Chỉ thân bài và trường {', '.join(fields)} thay đổi, khối chọn bài vẫn như cũ" if fields \
        else "Chỉ thân bài thay đổi"
    sys.stderr.write(f"{what}: đã dựng lại riêng {len(edits)} bài "
                     f"({', '.join(display_path(e.path) for e in edits)}): {len(staged)} tệp làm lại.\n")


def register() -> None:
    signals.all_generators_finalized.connect(keep_bodies)
    build_instead.connect(build_bodies)

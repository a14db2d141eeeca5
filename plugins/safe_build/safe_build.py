"""Safe builds: collect every content problem, fail once, never break the live site.

Handlers, in the order Pelican sends their signals:
* ``start_session`` (initialized): puts the build session in the settings and
  points Pelican at a staging folder beside the output folder.
* ``start_run`` (get_generators, sent at the start of every run): fresh report,
  empty staging folder.
* ``stop_on_content_errors`` (get_writer, after all generators read their
  content and before anything is written): prints every problem at once and
  exits non-zero when there is an error; in check mode stops here either way.
* ``publish_staging``: runs the finish steps other plugins registered on the build
  session (``session.add_finish_step(order, name, fn)``: search index, compressed
  copies) on the staging folder, then moves the finished build into the output folder. It runs
  right after ``Pelican.run`` returns, not on the ``finalized`` signal: blinker
  calls the receivers of one signal in no fixed order, and other plugins may
  still write files from their own ``finalized`` receivers.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from sitecore.errors import SiteError
from sitecore.report import BUILD_SESSION_KEY, BuildReport, BuildSession, session_of

from .sync import sync_tree

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SafeBuildSettings:
    """``SITE_CHECK_ONLY``: validate all content and write nothing.
    ``CACHE_PATH``: where the list of files the last build published is kept."""

    check_only: bool
    cache_path: Path

    @classmethod
    def from_pelican(cls, settings) -> "SafeBuildSettings":
        return cls(bool(settings.get("SITE_CHECK_ONLY", False)), Path(settings.get("CACHE_PATH", "cache")))


@dataclass
class StagedBuild(BuildSession):
    output: Path = Path("output")
    staging: Path = Path(".output.staging")
    config: SafeBuildSettings | None = None

    @property
    def manifest(self) -> Path:
        assert self.config is not None
        key = hashlib.sha256(str(self.output).encode()).hexdigest()[:16]
        return self.config.cache_path / f"published-files-{key}.json"


def _print_problems(report: BuildReport) -> None:
    for problem in report.errors + report.warnings:
        sys.stderr.write(f"{problem.format()}\n")
    sys.stderr.flush()


def start_session(pelican) -> None:
    output = Path(pelican.output_path).resolve()
    session = StagedBuild(
        output=output,
        staging=output.parent / f".{output.name}.staging",
        config=SafeBuildSettings.from_pelican(pelican.settings),
    )
    pelican.settings[BUILD_SESSION_KEY] = session
    pelican.output_path = str(session.staging)
    run = pelican.run

    def run_then_publish() -> None:
        try:
            run()
        except BaseException:
            shutil.rmtree(session.staging, ignore_errors=True)
            raise
        publish_staging(pelican)

    pelican.run = run_then_publish


def start_run(pelican) -> None:
    session = session_of(pelican.settings)
    session.report = BuildReport()
    shutil.rmtree(session.staging, ignore_errors=True)
    session.staging.mkdir(parents=True)


def _fail(session: StagedBuild) -> None:
    _print_problems(session.report)
    count = len(session.report.errors)
    shutil.rmtree(session.staging, ignore_errors=True)
    sys.stderr.write(
        f"Dừng: {count} lỗi trong nội dung. Chưa xuất bản gì; "
        f"bản đã dựng trước đó ở {session.output} vẫn giữ nguyên.\n"
    )
    raise SystemExit(1)


def stop_on_content_errors(pelican) -> None:
    session = session_of(pelican.settings)
    if session.report.has_errors():
        _fail(session)
    if session.config and session.config.check_only:
        _print_problems(session.report)
        shutil.rmtree(session.staging, ignore_errors=True)
        sys.stderr.write(f"Kiểm tra xong: không có lỗi ({len(session.report.warnings)} cảnh báo).\n")
        raise SystemExit(0)
    return None


def publish_staging(pelican) -> None:
    session = session_of(pelican.settings)
    if session.report.has_errors():
        _fail(session)
    for step in session.ordered_finish_steps():
        logger.debug("Finishing the site: %s", step.name)
        try:
            step.run(session.staging)
        except SiteError as exc:
            shutil.rmtree(session.staging, ignore_errors=True)
            sys.stderr.write(f"{exc}\nDừng: chưa xuất bản gì; bản đã dựng trước đó ở {session.output} vẫn giữ nguyên.\n")
            raise SystemExit(1) from None
        if session.report.has_errors():
            _fail(session)
    _print_problems(session.report)
    session.output.mkdir(parents=True, exist_ok=True)
    stats = sync_tree(session.staging, session.output, session.manifest)
    shutil.rmtree(session.staging, ignore_errors=True)
    logger.info(
        "Published to %s: %d files written, %d unchanged, %d removed",
        session.output, stats.written, stats.unchanged, stats.removed,
    )


def register() -> None:
    signals.initialized.connect(start_session)
    signals.get_generators.connect(start_run)
    signals.get_writer.connect(stop_on_content_errors)

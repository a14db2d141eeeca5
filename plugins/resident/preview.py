"""The live preview of ``invoke livereload``: a resident build behind a reloading server.

Why a subclass of livereload's ``Server``: it puts an *inline* script into every page it
serves, which the site's Content-Security-Policy (``script-src 'self'``, no
``'unsafe-inline'``, ``theme/templates/partials/csp.html``) blocks, so the browser
never reloaded. Here the served page gets an external ``<script src>`` of the server's
own ``/livereload.js`` instead: a script from the page's own origin, which the policy
allows as it stands. Only the served response changes; the files in the output folder
(and every published page) never carry it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from tornado import web

from .resident import ResidentBuild

# The client script, from the page's own origin; its address tells it where to connect.
PREVIEW_SCRIPT = '<script src="/livereload.js?port={port}"></script>'


class PreviewServer(Server):
    """livereload's server, injecting :data:`PREVIEW_SCRIPT` instead of an inline script."""

    def application(self, port, host, liveport=None, debug=None, live_css=True):  # noqa: ANN001 - as livereload's
        if liveport:
            raise ValueError("the preview serves the pages and the reload channel on one port")
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        script = PREVIEW_SCRIPT.format(port=int(port)).encode()

        class ExternalScript(LiveScriptInjector):
            pass

        ExternalScript.script = script
        handlers = [
            (r"/livereload", LiveReloadHandler),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            *self.get_web_handlers(script),
        ]
        app = web.Application(handlers=handlers, debug=bool(debug), transforms=[ExternalScript])
        app.listen(port, address=host)


def report(outcome) -> None:  # noqa: ANN001 - resident.Outcome
    """One Vietnamese line on what a rebuild did, for the editor watching the terminal."""
    if outcome.kind == "failed":
        print(f"Chưa dựng được ({outcome.reason}, xem ở trên); trang đang xem là bản tốt gần nhất.", flush=True)
    elif outcome.kind == "body":
        print(f"Đã đăng lại {len(outcome.articles)} bài vừa sửa trong {outcome.seconds:.1f} giây.", flush=True)
    elif outcome.kind != "unchanged":
        print(f"Đã dựng lại cả trang ({outcome.reason}) trong {outcome.seconds:.1f} giây.", flush=True)


def serve(pelican_argv: Sequence[str], output: str, port: int, watched: Sequence[str],
          restart_on: Sequence[str] = (), restart: Callable[[], None] | None = None,
          host: str = "localhost") -> None:
    """Build once, then serve ``output`` on ``host:port``, building again (in this
    process, ``ResidentBuild``) when a file matching ``watched`` changes and reloading
    the pages open in a browser; a change matching ``restart_on`` calls ``restart``."""
    resident = ResidentBuild(list(pelican_argv))

    def rebuild() -> None:
        report(resident.build())

    rebuild()
    server = PreviewServer()
    for pattern in watched:
        server.watch(pattern, rebuild)
    if restart is not None:
        for pattern in restart_on:
            server.watch(pattern, restart)
    server.serve(host=host, port=int(port), root=output)


def main(argv: Sequence[str]) -> None:
    """``python -c 'from resident.preview import main; main(sys.argv[1:])' --port N
    --watch GLOB -- <pelican arguments>``: the preview of any content folder (tests)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--output", required=True)
    parser.add_argument("--watch", action="append", default=[])
    parser.add_argument("pelican", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    pelican = args.pelican[1:] if args.pelican[:1] == ["--"] else args.pelican
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    serve(pelican, args.output, args.port, args.watch, host=args.host)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Compiled templates kept between builds (pure; never imports Pelican).

Every Pelican generator has a Jinja environment of its own, and each compiles the
templates it renders, in every build: for a build that renders a few pages, compiling
is a large share of its work. Jinja's own bytecode cache
keeps the compiled code on disk, but it keys a template by its name and source alone,
while the code Jinja generates also depends on the environment: its syntax options
and extensions, and how each filter and test is called (``pass_context`` and the
like are decided when compiling). So the key here adds a digest of those; an
environment the plugins set up otherwise gets its own files, never stale code.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Mapping
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

# The environment's options that change the generated code (Jinja's ``Environment``).
SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
          "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
          "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
          "is_async")


def _named(value: Any) -> str:
    """A callable by its qualified name (its repr holds an address), other values by repr."""
    if callable(value):
        inner = getattr(value, "func", value)  # functools.partial
        return f"{getattr(inner, '__module__', '')}.{getattr(inner, '__qualname__', type(inner).__name__)}"
    return repr(value)


def _calls(functions: Mapping[str, Any]) -> list[tuple[str, str]]:
    # Jinja reads how to call a filter or test from ``jinja_pass_arg`` (set by
    # ``pass_context`` and its siblings) when it compiles a template.
    return sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in functions.items())


def environment_digest(environment: jinja2.Environment) -> str:
    """What, besides a template's source, the code Jinja compiles for it depends on."""
    facts = (
        jinja2.__version__,
        [(name, repr(getattr(environment, name, None))) for name in SYNTAX],
        _named(environment.autoescape),
        _named(environment.finalize),
        sorted(environment.extensions),
        _calls(environment.filters),
        _calls(environment.tests),
    )
    return hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()[:16]


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's file bytecode cache in ``folder``, keyed also by the environment
    (:func:`environment_digest`). A file that cannot be read is compiled again."""

    def __init__(self, folder: str) -> None:
        os.makedirs(folder, exist_ok=True)
        super().__init__(folder, "%s.jinja")

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        # Digested at each load, not once per environment: a plugin may add a filter
        # after the first template is loaded.
        digest = environment_digest(environment)
        bucket = Bucket(environment, self.get_cache_key(f"{digest}|{name}", filename),
                        self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (pickle, marshal): compiled again and rewritten
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # the folder removed or full: the next build compiles again
            pass


def compiled_templates(cache_path: str) -> CompiledTemplates:
    """The cache under ``cache_path`` (the site's ``CACHE_PATH``), for one Jinja version:
    files of other versions are removed (they would never be read again)."""
    root = os.path.join(cache_path, "templates")
    folder = os.path.join(root, jinja2.__version__)
    if os.path.isdir(root):
        for entry in os.listdir(root):
            if entry != jinja2.__version__:
                shutil.rmtree(os.path.join(root, entry), ignore_errors=True)
    return CompiledTemplates(folder)

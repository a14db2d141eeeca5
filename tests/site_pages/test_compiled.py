"""Compiled templates kept between builds: reused when the template and the environment
are the same, compiled again when either changed or the file is damaged."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from site_pages.compiled import compiled_templates


def environment(templates: Path, cache: Path, **options) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), **options)
    env.bytecode_cache = compiled_templates(str(cache))
    return env


@pytest.fixture
def folders(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ name|shout }}\n  {% if x %}yes{% endif %}\n", encoding="utf-8")
    return templates, tmp_path / "cache"


def compiles(env: jinja2.Environment, monkeypatch) -> int:
    """Render page.html in a fresh environment and count the compilations it needed."""
    count = []
    original = env.compile
    monkeypatch.setattr(env, "compile", lambda *a, **k: count.append(1) or original(*a, **k))
    env.get_template("page.html").render(name="a", x=True)
    return len(count)


def test_a_second_environment_reuses_the_code_and_renders_the_same(folders, monkeypatch):
    templates, cache = folders
    first = environment(templates, cache)
    first.filters["shout"] = str.upper
    assert compiles(first, monkeypatch) == 1
    second = environment(templates, cache)
    second.filters["shout"] = str.upper
    assert compiles(second, monkeypatch) == 0
    assert second.get_template("page.html").render(name="a", x=True) == "A\n  yes"


def test_an_edited_template_or_other_options_or_filters_compile_again(folders, monkeypatch):
    templates, cache = folders
    env = environment(templates, cache)
    env.filters["shout"] = str.upper
    compiles(env, monkeypatch)
    trimmed = environment(templates, cache, trim_blocks=True, lstrip_blocks=True)
    trimmed.filters["shout"] = str.upper
    assert compiles(trimmed, monkeypatch) == 1
    assert trimmed.get_template("page.html").render(name="a", x=True) == "A\nyes"
    # A filter that takes the context is called another way by the compiled code.
    contextual = environment(templates, cache)
    contextual.filters["shout"] = jinja2.pass_context(lambda context, value: value.upper() + "!")
    assert compiles(contextual, monkeypatch) == 1
    assert contextual.get_template("page.html").render(name="a", x=True) == "A!\n  yes"
    (templates / "page.html").write_text("{{ name|shout }} edited", encoding="utf-8")
    edited = environment(templates, cache)
    edited.filters["shout"] = str.upper
    assert compiles(edited, monkeypatch) == 1
    assert edited.get_template("page.html").render(name="a") == "A edited"


def test_a_damaged_file_is_compiled_again_and_an_old_version_removed(folders, monkeypatch):
    templates, cache = folders
    env = environment(templates, cache)
    env.filters["shout"] = str.upper
    compiles(env, monkeypatch)
    (stored,) = (cache / "templates" / jinja2.__version__).iterdir()
    stored.write_bytes(stored.read_bytes()[:20] + b"\x00garbage")
    (cache / "templates" / "0.0-old").mkdir()
    again = environment(templates, cache)
    again.filters["shout"] = str.upper
    assert compiles(again, monkeypatch) == 1
    assert again.get_template("page.html").render(name="b", x=False) == "B\n  "
    assert sorted(p.name for p in (cache / "templates").iterdir()) == [jinja2.__version__]

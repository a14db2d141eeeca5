"""The records plugins keep in the build's record, through the build session."""

from __future__ import annotations

from pathlib import Path

from sitecore.report import BuildSession


def test_a_record_is_handed_over_once_and_of_its_version_only():
    session = BuildSession(last_records={"search-layers": [5, '{"key":"k"}'], "rendered-pages": [6, '{"calls":{}}'],
                                         "broken": [1, '{"cut'], "not-text": [1, {"key": "k"}]})
    assert session.take_record("search-layers", 5) == {"key": "k"}
    assert session.take_record("search-layers", 5) is None  # the plugin has it: no second copy kept
    assert session.take_record("rendered-pages", 7) is None  # written by another version of its plugin
    assert session.take_record("broken", 1) is None and session.take_record("not-text", 1) is None
    assert session.last_records == {}


def test_the_records_kept_are_those_saved_by_the_build_made_when_it_is_recorded(tmp_path):
    session = BuildSession(last_records={"old": [1, '{"a":1}']})
    made = []
    session.save_record_when_published("layers", 5, {"key": "k", "tên": "Đông Bắc"})
    session.save_record_when_published("pages", 6, lambda output: made.append(output) or {"in": str(output)},
                                       each_build=True)
    assert made == []  # not before the build is published
    kept = session.records_to_keep(tmp_path)
    assert kept == {"layers": [5, '{"key":"k","tên":"Đông Bắc"}'], "pages": [6, '{"in":"%s"}' % tmp_path]}
    assert made == [Path(tmp_path)]
    session.records_kept(kept)
    # The next body-only build of a resident process reads no record: it takes those
    # given as values from the session; one made when recorded is the plugin's to keep.
    assert list(session.last_records) == ["layers"]
    assert session.take_record("layers", 5) == {"key": "k", "tên": "Đông Bắc"}
    # A record saved for one build is not kept by the next unless saved again; one saved
    # for each build is.
    assert list(session.records_to_keep(tmp_path)) == ["pages"]

"""The pure layers behind the reader's guarantees: YAML read as text within bounds,
misspelt keys, the site's span of dates, where sources belong, and a reader that
turns any exception into a content error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from pelican.settings import DEFAULT_CONFIG

from content_model import frontmatter, reader as reader_module
from content_model.dates import VIETNAM, DateError, parse_datetime, site_span
from content_model.reader import FrontMatterMarkdownReader, failure_message
from content_model.sources import looks_like_source, placement_problem
from sitecore.report import BUILD_SESSION_KEY, BuildSession

NOW = dt.datetime(2026, 11, 1, 12, tzinfo=VIETNAM)
SPAN = site_span(NOW)


def checked(header: str, now: dt.datetime | None = NOW):
    fm = frontmatter.split("a.md", f"---\n{header}\n---\nx\n")
    values = frontmatter.check_fields(fm, ("title",), VIETNAM, now) if fm.parsed else {}
    return fm, values


def messages(fm) -> list[str]:
    return [p.format() for p in fm.problems]


@pytest.mark.parametrize(
    ("written", "key", "expected"),
    [
        ("12:30", "title", "12:30"),  # YAML 1.1: 750
        ("010", "author", ["010"]),  # 8
        ("0x1F", "id", "0x1F"),  # 31
        ("Yes", "category", "Yes"),  # True
        ("2024-07-15", "title", "2024-07-15"),  # a date
        ("null", "summary", "null"),  # None: the field vanished
        ("~", "source", "~"),
        ("1e3", "title", "1e3"),  # 1000.0
        ("'Yes'", "category", "Yes"),  # quoted strings as before
        ('"12:30"', "title", "12:30"),
        ("[on, 2024]", "tags", ["on", "2024"]),
    ],
)
def test_values_stay_the_text_the_editor_typed(written, key, expected):
    fm, values = checked(f"title: T\n{key}: {written}" if key != "title" else f"title: {written}")
    assert fm.problems == []
    assert values[key] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-07-15", dt.datetime(2024, 7, 15, tzinfo=VIETNAM)),
        ("2024-07-15 09:30", dt.datetime(2024, 7, 15, 9, 30, tzinfo=VIETNAM)),
        ("2024-07-15T09:30:00+07:00", dt.datetime(2024, 7, 15, 9, 30, tzinfo=VIETNAM)),
        ("2024-07-15t02:30:00Z", dt.datetime(2024, 7, 15, 9, 30, tzinfo=VIETNAM)),
        ("2024-07-15 09:30:00.5 +7", dt.datetime(2024, 7, 15, 9, 30, tzinfo=VIETNAM)),
        ("2024-07-15 02:30:00 +0000", dt.datetime(2024, 7, 15, 9, 30, tzinfo=VIETNAM)),
    ],
)
def test_the_date_forms_yaml_used_to_read_are_parsed_as_text(written, expected):
    fm, values = checked(f"title: T\ndate: {written}")
    assert fm.problems == []
    assert values["date"] == expected


FORMS = "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30."
OUTSIDE = "nằm ngoài khoảng ngày của trang (từ 01/01/1990 đến 01/11/2028): có lẽ gõ nhầm năm. Sửa lại năm cho đúng."


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-02-30", f'ngày không hợp lệ "2024-02-30": tháng 2/2024 chỉ có 29 ngày. {FORMS}'),
        ("2024-06-31", f'ngày không hợp lệ "2024-06-31": tháng 6/2024 chỉ có 30 ngày. {FORMS}'),
        ("2024-07-15 24:00", 'giờ không hợp lệ "2024-07-15 24:00": giờ 0–23, phút và giây 0–59.'),
        ("2024-07-32", f'ngày không hợp lệ "2024-07-32": tháng 7/2024 chỉ có 31 ngày. {FORMS}'),
        ("0001-01-01", f'ngày "0001-01-01" {OUTSIDE}'),
        ("0001-01-01T00:00:00+07:00", f'ngày "0001-01-01T00:00:00+07:00" {OUTSIDE}'),
        ("1800-05-01", f'ngày "1800-05-01" {OUTSIDE}'),
        ("1989-12-31 23:59", f'ngày "1989-12-31 23:59" {OUTSIDE}'),
        ("20245-01-01", f'ngày "20245-01-01" {OUTSIDE}'),
        ("15/07/20245", f'ngày "15/07/20245" {OUTSIDE}'),
        ("2028-11-01 12:01", f'ngày "2028-11-01 12:01" {OUTSIDE}'),
        ("9999-12-31T23:00:00-07:00", f'ngày "9999-12-31T23:00:00-07:00" {OUTSIDE}'),
        ("2024-07-15T09:30:00+25:00", 'múi giờ không hợp lệ "+25:00": viết +07:00 hoặc bỏ múi giờ (mặc định giờ Việt Nam).'),
    ],
)
def test_impossible_and_implausible_dates_are_errors(written, message):
    fm, _ = checked(f"title: T\ndate: {written}")
    assert messages(fm) == [f"a.md:3: date: {message}"]


def test_the_span_ends_two_years_after_the_clock():
    assert SPAN == (dt.datetime(1990, 1, 1, tzinfo=VIETNAM), dt.datetime(2028, 11, 1, 12, tzinfo=VIETNAM))
    assert parse_datetime("2028-11-01 12:00", span=SPAN) == SPAN[1]
    assert site_span(dt.datetime(2024, 2, 29, tzinfo=VIETNAM))[1] == dt.datetime(2026, 2, 28, tzinfo=VIETNAM)
    with pytest.raises(DateError):
        parse_datetime("99999-01-01")  # no span: still no exception but a DateError


DEEP = "Mỗi trường là một dòng chữ hoặc một danh sách, ví dụ tags: [thẻ một, thẻ hai]."
TOO_MANY = "Bỏ các dấu & và * (tham chiếu YAML) và viết thẳng giá trị."


def laughs(levels: int, width: int = 9) -> str:
    lines = [f"l0: &a0 [{', '.join(['ha'] * width)}]"]
    lines += [f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("title: T\ntags: " + "[" * 300 + "a" + "]" * 300,
         f"a.md:3: tags: giá trị lồng nhau quá sâu (quá 20 tầng ngoặc hoặc gạch đầu dòng). {DEEP}"),
        # Deep enough to crash libyaml's composer (a segmentation fault) if it got there.
        ("title: T\ntags: " + "[" * 200_000 + "a" + "]" * 200_000,
         f"a.md:3: tags: giá trị lồng nhau quá sâu (quá 20 tầng ngoặc hoặc gạch đầu dòng). {DEEP}"),
        ("title: T\nsummary:\n" + "".join("  " * i + "-\n" for i in range(25)) + "  " * 25 + "- a",
         f"a.md:23: summary: giá trị lồng nhau quá sâu (quá 20 tầng ngoặc hoặc gạch đầu dòng). {DEEP}"),
        ("title: T\n" + laughs(9) + "\nstatus: *a8",
         f"a.md:7: l4: phần đầu có quá nhiều giá trị (hơn 10.000 khi mở các tham chiếu &/*). {TOO_MANY}"),
        ("title: T\n" + laughs(2, 30) + "\nstatus: [" + ", ".join(["*a1"] * 11) + "]",
         f"a.md:5: status: phần đầu có quá nhiều giá trị (hơn 10.000 khi mở các tham chiếu &/*). {TOO_MANY}"),
    ],
)
def test_yaml_past_the_bounds_is_refused_before_it_is_built(header, expected):
    fm, _ = checked(header)
    assert messages(fm) == [expected]


def test_the_bounds_leave_honest_references_alone():
    fm, values = checked("title: &t Khuyến học\nsummary: *t\ntags: [a, b]")
    assert fm.problems == [] and values["summary"] == "Khuyến học"
    frontmatter.check_limits("a: " + "[" * 19 + "]" * 19)  # 20 levels with the top mapping
    with pytest.raises(frontmatter.YAMLLimit):
        frontmatter.check_limits("a: " + "[" * 20 + "]" * 20)


def test_the_pure_python_parser_is_bounded_too():
    with pytest.raises(frontmatter.YAMLLimit):
        frontmatter.check_limits("a: " + "[" * 5000 + "]" * 5000, yaml.BaseLoader)


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("stauts", "status"), ("provice", "province"), ("provincee", "province"), ("tittle", "title"),
        ("catgory", "category"), ("sumary", "summary"), ("trạng thái", "status"), ("tỉnh", "province"),
        ("Tiêu đề", "title"), ("tác gỉa", "author"), ("tag", "tags"), ("ngay dang", "date"),
        ("ghi_chu", None), ("layout", None), ("lang", None), ("subtitle", None), ("description", None),
        ("image_url", None), ("thumbnail", None),
    ],
)
def test_unknown_keys_near_a_field_name_it(key, meant):
    assert frontmatter.suggest_key(key) == meant


def test_a_misspelt_key_is_an_error_with_the_line_to_write():
    fm, _ = checked("title: T\nstauts: draft\ntrạng thái: draft\ntags_list: [a, b]\nghi chú: x")
    assert messages(fm) == [
        'a.md:3: stauts: trường "stauts" không có; có phải "status"? Sửa thành: status: draft',
        'a.md:4: trạng thái: trường "trạng thái" không có; có phải "status"? Sửa thành: status: draft',
        'a.md:5: tags_list: trường không rõ "tags_list" (cảnh báo, bị bỏ qua). Các trường hợp lệ: '
        + ", ".join(frontmatter.EDITOR_FIELDS) + ".",
        'a.md:6: ghi chú: trường không rõ "ghi chú" (cảnh báo, bị bỏ qua). Các trường hợp lệ: '
        + ", ".join(frontmatter.EDITOR_FIELDS) + ".",
    ]
    assert [p.warning for p in fm.problems] == [False, False, True, True]


@pytest.mark.parametrize(
    ("header", "problems"),
    [
        ('title: "???"', ['a.md:2: title: tiêu đề "???" không có chữ cái hay chữ số nào nên không làm được địa chỉ bài. '
                          "Thêm một dòng slug: ten-bai-viet (chữ thường không dấu, nối bằng dấu -)."]),
        ('title: "🎉"\nslug: le-hoi', []),
        ("title: 2024", []),
    ],
)
def test_a_title_without_letters_needs_a_slug(header, problems):
    fm, _ = checked(header)
    assert messages(fm) == problems


@pytest.mark.parametrize(
    ("relative", "problem"),
    [
        ("articles/2024/a.md", None),
        ("articles/a.markdown", None),
        ("pages/gioi-thieu.md", None),
        ("articles/A.MD", 'tệp "A.MD" có đuôi không được đọc nên bài không được đăng. Đổi tên thành "A.md" (đuôi viết thường).'),
        ("articles/a.Markdown", 'tệp "a.Markdown" có đuôi không được đọc nên bài không được đăng. '
                                'Đổi tên thành "a.markdown" (đuôi viết thường).'),
        ("pages/a.md.txt", 'tệp "a.md.txt" có đuôi không được đọc nên bài không được đăng. '
                           'Đổi tên thành "a.md" (bỏ đuôi .txt mà Notepad thêm vào).'),
        ("tin-tuc/x.md", "tệp Markdown nằm ngoài thư mục bài viết nên không được đọc. "
                         "Chuyển tệp vào content/articles/ (bài viết) hoặc content/pages/ (trang)."),
        ("x.MD", 'tệp "x.MD" có đuôi không được đọc nên bài không được đăng. Đổi tên thành "x.md" (đuôi viết thường). '
                 "tệp Markdown nằm ngoài thư mục bài viết nên không được đọc. "
                 "Chuyển tệp vào content/articles/ (bài viết) hoặc content/pages/ (trang)."),
    ],
)
def test_where_a_source_belongs(relative, problem):
    assert looks_like_source(relative.rsplit("/", 1)[-1])
    assert placement_problem(relative, ["articles"], ["pages"]) == problem


@pytest.mark.parametrize("name", ["anh.jpg", "bieu-mau.pdf", "md", "a.mdx", "notes.txt", "a.md.bak"])
def test_photos_and_attachments_are_not_sources(name):
    assert not looks_like_source(name)


def reader_at(tmp_path: Path, **settings: object) -> tuple[FrontMatterMarkdownReader, BuildSession, Path]:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True, exist_ok=True)
    conf = dict(DEFAULT_CONFIG, PATH=str(content), SITE_NOW=NOW.isoformat(), CACHE_PATH=str(tmp_path / "cache"),
                **settings)
    session = BuildSession()
    conf[BUILD_SESSION_KEY] = session
    return FrontMatterMarkdownReader(conf), session, content / "articles"


GOOD = "---\ntitle: T\ndate: 2024-07-15\nauthor: A\ncategory: C\n---\nx\n"


@pytest.mark.parametrize("failure", [ValueError("không hợp lệ"), RecursionError("maximum recursion depth exceeded"),
                                     MemoryError(), KeyError("x")])
def test_the_reader_turns_any_exception_into_a_content_error(tmp_path, monkeypatch, failure):
    reader, session, articles = reader_at(tmp_path)
    source = articles / "a.md"
    source.write_text(GOOD, encoding="utf-8")

    def fail(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(reader_module.frontmatter, "check_fields", fail)
    assert reader.read(str(source)) == ("", {"status": "skip"})
    (problem,) = session.report.errors
    assert problem.format() == f"{source}: file: {failure_message(failure)}"
    assert type(failure).__name__ in problem.message and "Traceback" not in problem.message


def test_read_ahead_keeps_the_failure_for_read(tmp_path, monkeypatch):
    reader, session, articles = reader_at(tmp_path)
    source = articles / "a.md"
    source.write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(reader_module.frontmatter, "split", lambda *_: [][0])
    reader.read_ahead(str(source))
    monkeypatch.undo()  # read() takes what was prepared ahead, not a fresh reading
    assert reader.read(str(source)) == ("", {"status": "skip"})
    assert [p.field for p in session.report.errors] == ["file"]
    assert "IndexError" in session.report.errors[0].message


def test_failure_messages_say_what_failed_and_what_to_do():
    assert failure_message(RecursionError("maximum recursion depth exceeded")) == (
        "tệp lồng nhau quá sâu để đọc (RecursionError: maximum recursion depth exceeded). Bài này chưa được đăng. "
        "Kiểm tra phần đầu (giữa hai dòng ---) và nội dung bài, sửa chỗ khác thường rồi dựng lại; "
        "nếu không thấy chỗ sai, gửi tệp cho người quản trị trang."
    )
    assert failure_message(FileNotFoundError(2, "No such file or directory")) == (
        "không mở được tệp (FileNotFoundError: [Errno 2] No such file or directory). Bài này chưa được đăng. "
        "Kiểm tra tệp còn đó và đọc được (một lối tắt có thể trỏ tới tệp đã xoá)."
    )
    assert failure_message(MemoryError()).startswith("tệp cần quá nhiều bộ nhớ để đọc (MemoryError).")


def test_a_file_over_the_limit_is_not_read_past_it(tmp_path):
    reader, session, articles = reader_at(tmp_path, CONTENT_MAX_FILE_BYTES=3 * 2**20)
    source = articles / "big.md"
    source.write_bytes(GOOD.encode() + b"x" * (4 * 2**20))
    assert reader.read(str(source)) == ("", {"status": "skip"})
    assert [p.format() for p in session.report.errors] == [
        f"{source}: file: tệp quá lớn (4,0 MiB; mỗi bài tối đa 3,0 MiB, CONTENT_MAX_FILE_BYTES). Ảnh và tệp đính kèm "
        "để trong content/images/ hoặc content/files/ rồi dẫn tới; bài quá dài thì chia thành nhiều bài."
    ]
    source.write_bytes(GOOD.encode())
    html, meta = reader.read(str(source))
    assert meta["title"] == "T"

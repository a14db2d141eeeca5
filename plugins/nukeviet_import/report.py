"""The import's summary, in Vietnamese: what was imported, every warning by story."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitecore.files import write_if_changed


@dataclass
class StoryNote:
    label: str  # "sid 12"
    title: str
    problems: list[str]

    def lines(self) -> list[str]:
        return [f"- {self.label} ({self.title}): {problem}" for problem in self.problems]


@dataclass
class ImportReport:
    dump: str
    prefix: str = ""
    double_encoded: bool = False
    imported: int = 0
    scheduled: int = 0
    warned: list[StoryNote] = field(default_factory=list)
    skipped: list[StoryNote] = field(default_factory=list)
    unsure_places: list[StoryNote] = field(default_factory=list)
    kept_edited: list[StoryNote] = field(default_factory=list)
    general: list[str] = field(default_factory=list)
    comments: int = 0
    submissions: int = 0
    categories_added: int = 0
    written: int = 0
    updated: int = 0
    unchanged: int = 0
    photos_copied: int = 0

    def add(self, label: str, title: str, problems: list[str], scheduled: bool) -> None:
        self.imported += 1
        self.scheduled += scheduled
        if problems:
            self.warned.append(StoryNote(label, title, list(dict.fromkeys(problems))))

    def text(self) -> str:
        out = [
            f"Nhập dữ liệu NukeViet từ {self.dump} (tiền tố bảng: {self.prefix}; "
            + ("chữ bị mã hoá hai lần, đã sửa)" if self.double_encoded else "mã chữ đúng)"),
            f"Đã nhập {self.imported} bài ({self.scheduled} bài hẹn giờ, để ở trạng thái nháp), "
            f"{len(self.warned)} bài có cảnh báo, {len(self.skipped)} bài không nhập được.",
            f"Tệp bài viết: {self.written} mới, {self.updated} cập nhật, {self.unchanged} không đổi, "
            f"{len(self.kept_edited)} giữ nguyên vì đã sửa tay. Ảnh chép mới: {self.photos_copied}.",
        ]
        if self.categories_added:
            out.append(f"Thêm {self.categories_added} chuyên mục cũ vào bảng chuyển chuyên mục (xem và sửa nếu cần).")
        if self.comments:
            out.append(f"Không chuyển sang trang mới: {self.comments} bình luận của bạn đọc, số lượt xem.")
        if self.submissions:
            out.append(f"Không nhập {self.submissions} bài bạn đọc gửi chưa được duyệt (bảng _stories_temp).")
        for line in self.general:
            out.append(f"Lưu ý: {line}.")
        for heading, notes in (
            ("Bài không nhập được:", self.skipped),
            ("Bài có cảnh báo:", self.warned),
            ("Tỉnh/thành chưa chắc chắn (để trống; biên tập viên điền nếu đúng):", self.unsure_places),
            ("Tệp đã được biên tập viên sửa (không ghi đè):", self.kept_edited),
        ):
            if notes:
                out.append("")
                out.append(heading)
                for note in notes:
                    out.extend(note.lines())
        return "\n".join(out) + "\n"

    def write(self, path: Path) -> None:
        write_if_changed(path, self.text().encode("utf-8"))

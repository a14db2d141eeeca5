"""Safety of the built sample site: a Content-Security-Policy without inline script on
every page, no script or event handler from content, new-tab links with rel=noopener,
nothing that is not meant for readers in the output."""

from __future__ import annotations

from html.parser import HTMLParser

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.csp: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(a.get("content") or "")
        if tag == "script" and not a.get("src") and (a.get("type") or "") not in DATA_SCRIPT_TYPES:
            self.problems.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{tag} {name}=javascript:")
        if tag == "a" and a.get("target") == "_blank" and "noopener" not in (a.get("rel") or "").split():
            self.problems.append(f"target=_blank without noopener: {a.get('href')}")


def _audit(page) -> _Audit:
    audit = _Audit()
    audit.feed(page.read_text(encoding="utf-8"))
    return audit


def test_every_page_has_a_policy_without_inline_script(sample_build):
    pages = sorted(sample_build.output.rglob("*.html"))
    assert len(pages) > 50
    failures = {}
    for page in pages:
        audit = _audit(page)
        policy = audit.csp[0] if audit.csp else ""
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        problems = list(audit.problems)
        if len(audit.csp) != 1:
            problems.append(f"{len(audit.csp)} CSP meta tags")
        elif page.name == "bai-viet.html":
            # The offline copy of an article ("Lưu dạng file"): no script, no request at all.
            if directives.get("default-src") != ["'none'"] or "script-src" in directives:
                problems.append(f"saved copy's policy allows more than its style and images: {policy}")
        elif "'unsafe-inline'" in directives.get("script-src", []) or "script-src" not in directives:
            problems.append(f"script-src allows inline script: {policy}")
        elif directives.get("object-src") != ["'none'"]:
            problems.append(f"object-src not 'none': {policy}")
        if problems:
            failures[page.relative_to(sample_build.output).as_posix()] = problems
    assert failures == {}


def test_nothing_meant_for_editors_is_published(sample_build):
    out = sample_build.output
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    # The web editor's configuration is public by design (field labels, the repository's
    # name; no secret): the CMS page loads it (plugins/cms).
    assert not [f for f in files if f.endswith((".md", ".markdown", ".yml", ".yaml", ".py", ".pyc"))
                and f != "quan-tri/config.yml"]
    assert not (out / "drafts").exists()
    assert not [f for f in files if f.startswith((".cache", "cache/", "content/"))]

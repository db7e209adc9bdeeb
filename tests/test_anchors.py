"""Line anchors in a real browser: a click on a line number (or on a note) targets that line of
that file, though the page shows other files with the same line numbers and one excerpt twice.

The fixture chapter 02-anchors shows two etcd.go files whose functions start on the same line,
then part of ServerRunOptions.AddFlags, which comes back whole in the add_flags replica's Go tab.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from tests.conftest import ARTIFACTS, needs_chromium
from tests.test_browser import page, site_url  # noqa: F401  (the served fixture site and a browser tab)
from tests.test_facts import ETCD, OPTIONS, line_of
from tests.test_render import SECOND_ETCD, source  # noqa: F401  (the fixture site's inputs)

pytestmark = needs_chromium

CHAPTER = "/chapters/kube-apiserver/02-anchors/"


def targeted(page) -> tuple[str, str, bool]:  # noqa: F811
    """The :target line's id, the title of the excerpt holding it, and whether it is on screen."""
    return page.evaluate(
        """() => {
            const line = document.querySelector(".k8s-line:target");
            if (!line) return ["", "", false];
            const box = line.getBoundingClientRect();
            const title = line.closest(".k8s-excerpt").querySelector(".k8s-code-title").textContent;
            return [line.id, title, box.top >= 0 && box.bottom <= window.innerHeight];
        }"""
    )


def test_line_number_targets_its_own_file(page, site_url) -> None:  # noqa: F811
    page.goto(site_url + CHAPTER)
    line = line_of(ETCD, "func (s *EtcdOptions) AddFlags")  # the first line of both etcd.go excerpts
    second = page.locator(".k8s-excerpt", has_text=SECOND_ETCD).first
    second.locator("a.k8s-lineno", has_text=str(line)).click()
    assert page.url.endswith(f"{CHAPTER}#options-etcd-L{line}")
    anchor, title, visible = targeted(page)
    assert anchor == f"options-etcd-L{line}" and title.startswith(SECOND_ETCD) and visible
    page.screenshot(path=str(ARTIFACTS / "anchors-line-click.png"))
    page.locator(".k8s-excerpt", has_text=ETCD).first.locator("a.k8s-lineno", has_text=str(line)).click()
    anchor, title, visible = targeted(page)
    assert anchor == f"etcd-L{line}" and title.startswith(ETCD) and visible


def test_note_and_repeated_excerpt(page, site_url) -> None:  # noqa: F811
    page.goto(site_url + CHAPTER)
    noted = line_of(OPTIONS, "fs.DurationVar(&s.EventTTL")
    page.locator("ol.k8s-notes a", has_text=f"第 {noted} 行").last.click()
    anchor, title, visible = targeted(page)
    assert anchor == f"options-L{noted}" and title.startswith(OPTIONS) and visible
    tab = page.locator(".tabbed-block").first  # the replica's Go tab: AddFlags again, in full
    assert tab.locator(f"#options-L{noted}").count() == 0  # already anchored above
    last = line_of(OPTIONS, '"cache-for"')  # only the tab shows it
    tab.locator("a.k8s-lineno", has_text=str(last)).click()
    anchor, title, visible = targeted(page)
    assert anchor == f"options-L{last}" and visible
    assert tab.locator(".k8s-line:target").count() == 1

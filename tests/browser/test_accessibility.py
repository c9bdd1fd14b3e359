"""Basic accessibility in the browser: labels, names, contrast, keyboard use, small screens."""

import pytest
from playwright.sync_api import expect

from .conftest import watch

pytestmark = pytest.mark.browser

# Runs in the page: what a basic automated check (axe's "label", "button-name",
# "link-name", "image-alt", "html-has-lang", "color-contrast") would report.
AUDIT = """
() => {
  const problems = [];
  const visible = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "");

  if (!document.documentElement.lang) problems.push("html has no lang");
  if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");

  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button"].includes(el.type)) continue;
    if (el.closest(".leaflet-container")) continue;
    const named = el.labels.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    if (!named) problems.push("no label: " + describe(el));
  }
  for (const el of document.querySelectorAll("a[href], button")) {
    if (!visible(el)) continue;
    const name = el.textContent.trim() || el.getAttribute("aria-label") || el.getAttribute("title");
    if (!name) problems.push("no accessible name: " + describe(el));
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt") && !img.closest(".leaflet-container")) problems.push("img without alt");
  }

  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] === 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const text = walker.currentNode;
    const el = text.parentElement;
    if (!text.textContent.trim() || seen.has(el) || !visible(el)) continue;
    if (el.closest("script, style, canvas, .visually-hidden, .skip-link, option")) continue;
    seen.add(el);
    const s = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(s.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      problems.push("contrast " + ratio.toFixed(2) + ": " + describe(el) + " '" + text.textContent.trim().slice(0, 30) + "'");
    }
  }
  return problems;
}
"""


def audit(page):
    page.wait_for_load_state("networkidle")
    assert page.evaluate(AUDIT) == [], page.url


def test_pages_pass_basic_checks(open_as, cast, file_claim, live_server):
    claim = file_claim("one_finding")
    officer = open_as(cast["pak_officer"])
    for path in ("/", "/claims/", "/claims/new/", f"/claims/{claim.reference}/", "/notifications/"):
        officer.goto(path)
        audit(officer)
    officer.goto("/claims/new/")
    officer.get_by_role("button", name="Save as draft").click()
    expect(officer.locator(".error-summary")).to_be_visible()
    audit(officer)  # the page with its errors

    reviewer = open_as(cast["qat_reviewer"])
    for path in ("/queue/", f"/claims/{claim.reference}/", "/meetings/"):
        reviewer.goto(path)
        audit(reviewer)
    secretariat = open_as(cast["secretariat"])
    for path in ("/assignments/", "/meetings/", f"/claims/{claim.reference}/"):
        secretariat.goto(path)
        audit(secretariat)
    secretariat.goto("/claims/NOPE-0000-00000/")
    audit(secretariat)


def test_keyboard_only(new_context, live_server, requests_seen, csp_violations, cast, file_claim):
    claim = file_claim("replied")
    context = new_context(base_url=live_server.url)
    watch(context, requests_seen, csp_violations)
    page = context.new_page()
    page.goto("/accounts/login/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("tur_reviewer")
    page.keyboard.press("Tab")
    page.keyboard.type("pw")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("who")).to_contain_text("tur_reviewer")

    page.goto(f"/claims/{claim.reference}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.get_by_role("link", name="Record finding").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Inconclusive").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # into the grade group
    page.keyboard.press("Space")
    page.get_by_label("Reasoning").focus()
    page.keyboard.type("Not enough to go on.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Record finding")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".message")).to_contain_text("finding")
    expect(page.locator("#review")).to_contain_text("Inconclusive")


def test_usable_on_a_phone(open_as, cast, file_claim):
    claim = file_claim("under_review")
    page = open_as(cast["afg_officer"], width=390, height=844)
    for path in ("/", "/claims/", f"/claims/{claim.reference}/", "/claims/new/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    expect(page.get_by_test_id("who")).to_contain_text("Afghanistan")

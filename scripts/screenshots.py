"""Take the README's screenshots: a throwaway demo site, driven by Debian's Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Builds a fresh SQLite database with the demo data and a few claims walked through the real
services, starts the development server on 127.0.0.1, signs in as each role and saves
PNGs: each role's home page, the dashboard, the claims list, the filing form, a claim, a
meeting and the implementation report at a laptop's width (1366 px, `name.png`) and a
phone's (390 px, `name-phone.png`), and the other record pages at a laptop's width; then
the dashboard, the filing form and a claim in Urdu and in Arabic, right to left
(`dashboard-ur.png`, `filing-ar.png`, `claim-ur.png`, ..., 1366 px). The demo users'
own languages are cleared first, so each picture is in the language its browser asks for
(English unless named). Nothing outside this machine is contacted; the temporary files
are removed.
"""

import argparse
import os
import subprocess  # nosec B404  # runs manage.py with argument lists
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "screenshots-only-2025"  # noqa: S105 (a throwaway demo database)  # nosec B105  # password of a throwaway demo database
PORT = int(os.environ.get("SCREENSHOTS_PORT", "8765"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Run inside `manage.py shell`: claims in every state a screenshot needs, through services.
SETUP = """
from datetime import timedelta
from decimal import Decimal
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from accounts.models import Party, User
from incidents.models import Category, Incident
from verification.sweep import run_sweep
from incidents.services import evidence_add, incident_create_draft
from verification.services import review_reply, review_record_finding, review_submit
from mediators.services import meeting_schedule

# Each picture in the language its browser asks for, not the demo users' own (Urdu,
# Pashto, Turkish): the README shows English, and Urdu and Arabic where it says so.
User.objects.update(language="")
users = {u.username: u for u in User.objects.all()}
pak, afg = users["pak_officer"], users["afg_officer"]
cat = Category.objects.current().get(code="cross_border_fire")
png = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)

def file(officer, place, lat, lon, hours, narrative):
    accused = Party.objects.exclude(pk=officer.party_id).get()
    claim = incident_create_draft(officer=officer, data=dict(
        accused_party=accused, alleged_actor="Border forces", category=cat,
        occurred_at=timezone.now() - timedelta(hours=hours), latitude=Decimal(lat),
        longitude=Decimal(lon), place_name=place, province="Khyber Pakhtunkhwa",
        district="Khyber", border_sector=place, narrative=narrative, narrative_language="en",
        sources="Border post log; two witness statements",
        killed_civilian_low=1, killed_civilian_high=2, injured_civilian_low=3,
        injured_civilian_high=5,
    ))
    evidence_add(user=officer, incident=claim,
                 upload=SimpleUploadedFile("crater-photo.png", png), description="Crater, 06:40")
    return review_submit(actor=officer, record=claim)

first = file(pak, "Torkham", "34.13300", "71.08300", 20,
             "Mortar rounds landed near the crossing at dawn; two houses were hit.")
review_reply(actor=afg, record=first, position="denies",
            narrative="No unit of ours fired on that morning; the rounds came from elsewhere.")
review_record_finding(actor=users["tur_reviewer"], record=first, outcome="verified",
                     grade="probable", intent="deliberate",
                     reasoning="Crater orientation points across the border.")
late = file(pak, "Angoor Adda", "32.38300", "69.33300", 40, "Small-arms fire on the border post.")
Incident.objects.filter(pk=late.pk).update(findings_due_at=timezone.now() - timedelta(hours=3))
run_sweep()
file(pak, "Bajaur", "34.78300", "71.51700", 60, "Drone seen over the village before the blast.")
print(first.reference)
"""


def run(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603  # nosec B603  # this interpreter running manage.py, no shell


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)  # nosec B310  # URL of the local server this script started
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{tmp}/media",
            "CELERY_BROKER_URL": "filesystem://",
            "CELERY_FILESYSTEM_BROKER_DIR": f"{tmp}/broker",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        run("migrate", "--noinput", "-v", "0", env=env)
        run("seed_demo", "--password", PASSWORD, "--claims", "600", env=env)
        reference = (
            subprocess.run(  # noqa: S603  # nosec B603  # this interpreter running manage.py, no shell
                [sys.executable, "manage.py", "shell", "-c", SETUP],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        server = subprocess.Popen(  # noqa: S603  # nosec B603  # this interpreter running manage.py, no shell
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{PORT}"
        try:
            wait_for(f"{base}/healthz")
            shoot(base, reference, args.out)
        finally:
            server.terminate()
            server.wait(10)


LAPTOP = {"width": 1366, "height": 900}

# What the officer types on the filing form, in the language of the picture.
NARRATIVES = {
    "en": "Artillery rounds struck the market at 14:10.",
    "ur": "دوپہر 14:10 بجے توپ خانے کے گولے بازار پر گرے۔",
    "ar": "سقطت قذائف مدفعية على السوق عند الساعة 14:10.",
}
ACTORS = {"ur": "سرحدی فورسز", "ar": "قوات الحدود"}
PHONE = {"width": 390, "height": 844}


def shoot(base, reference, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)

        def page_as(username, width=LAPTOP["width"], height=LAPTOP["height"], locale=None):
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale=locale
            )
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            # By the fields' names: the labels are in the browser's language.
            page.locator("input[name=login]").fill(username)
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("input[name=password]").press("Enter")
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            page.wait_for_load_state("networkidle")
            return page

        def both(username, name, path=None, *, ready=(), prepare=None, full_page=True):
            """`name`.png at a laptop's width and `name`-phone.png at a phone's."""
            for size, suffix in ((LAPTOP, ""), (PHONE, "-phone")):
                page = page_as(username, **size)
                if path:
                    page.goto(f"{base}{path() if callable(path) else path}")
                for selector in ready:
                    page.wait_for_selector(selector)
                if prepare:
                    prepare(page)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=out / f"{name}{suffix}.png", full_page=full_page)
                page.context.close()

        # Each role's home page: the observer's is the verified record's dashboard.
        for username, name in (
            ("pak_officer", "my-work-officer"),
            ("tur_reviewer", "my-work-reviewer"),
            ("secretariat", "my-work-secretariat"),
            ("observer", "my-work-observer"),
        ):
            both(username, name)

        both(
            "secretariat",
            "dashboard",
            "/dashboard/",
            ready=("[data-claims-map][data-ready]", "#claims-chart[data-ready]"),
        )
        both("tur_reviewer", "claims-list", "/claims/")

        def fill_claim(page, *, actor="Border forces", narrative=NARRATIVES["en"]):
            page.locator("[name=alleged_actor]").fill(actor)
            page.locator("textarea[name=narrative]").fill(narrative)
            picker = page.locator("#picker-map")
            picker.scroll_into_view_if_needed()
            box = picker.bounding_box()
            picker.click(position={"x": box["width"] * 0.55, "y": box["height"] * 0.3})
            page.locator("[name=place_name]").fill("Bara bazaar")

        both(
            "pak_officer",
            "filing-form",
            "/claims/new/",
            ready=("#picker-map[data-ready]",),
            prepare=fill_claim,
        )
        both(
            "tur_reviewer",
            "claim-page",
            f"/claims/{reference}/",
            ready=("[data-point-map][data-ready]",),
        )

        # The meeting that comes next, as the secretariat runs it: its first screen only, as
        # a meeting of many items is long.
        page = page_as("secretariat")
        page.goto(f"{base}/meetings/")
        meeting = page.locator("main table a").first.get_attribute("href")
        page.context.close()
        both("secretariat", "meeting", meeting, full_page=False)

        both(
            "tur_reviewer",
            "implementation-report",
            "/compliance/reports/implementation/",
            ready=("#chart-categories[data-ready]",),
        )

        page = page_as("qat_reviewer")
        page.goto(f"{base}/queue/")
        page.screenshot(path=out / "reviewer-queue.png", full_page=True)

        page = page_as("observer")
        page.goto(f"{base}/compliance/commitments/")
        page.screenshot(path=out / "commitments.png", full_page=True)
        page = page_as("tur_reviewer")
        page.goto(f"{base}/compliance/commitments/?status=at_risk&status=on_track&status=overdue")
        page.locator("table.commitments a").first.click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out / "commitment-page.png", full_page=True)
        page = page_as("afg_officer")
        page.goto(f"{base}/compliance/referrals/")
        page.screenshot(path=out / "referral-inbox.png", full_page=True)
        page = page_as("afg_officer")
        page.goto(f"{base}/compliance/penalties/?status=upheld")
        page.locator("table.penalties a").first.click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out / "penalty-case.png", full_page=True)

        page = page_as("secretariat")
        page.goto(f"{base}/compliance/records/")
        page.wait_for_selector("#chart-commitments[data-ready]")
        page.screenshot(path=out / "party-records.png", full_page=True)

        # Right to left: the dashboard, the filing form and a claim in Urdu and in Arabic.
        for language in ("ur", "ar"):
            for username, name, path, ready, prepare in (
                (
                    "secretariat",
                    "dashboard",
                    "/dashboard/",
                    ("[data-claims-map][data-ready]", "#claims-chart[data-ready]"),
                    None,
                ),
                (
                    "pak_officer",
                    "filing",
                    "/claims/new/",
                    ("#picker-map[data-ready]",),
                    lambda page, language=language: fill_claim(
                        page, actor=ACTORS[language], narrative=NARRATIVES[language]
                    ),
                ),
                (
                    "tur_reviewer",
                    "claim",
                    f"/claims/{reference}/",
                    ("[data-point-map][data-ready]",),
                    None,
                ),
            ):
                page = page_as(username, locale=language)
                page.goto(f"{base}{path}")
                for selector in ready:
                    page.wait_for_selector(selector)
                if page.locator("html").get_attribute("dir") != "rtl":
                    raise SystemExit(f"{path} in {language} is not right to left")
                if prepare:
                    prepare(page)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=out / f"{name}-{language}.png", full_page=True)
                page.context.close()
        browser.close()


if __name__ == "__main__":
    main()

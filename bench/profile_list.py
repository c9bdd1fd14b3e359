"""Where one request of the verified-claims list spends its time, in this process.

Against the bench database (bench/run.py: BENCH_DATABASE_URL, BENCH_CLAIMS; seeded when it
holds fewer claims), as the observer with an API token: page 1 and a deep page by cursor
(BENCH_PROFILE_PAGES, default 1,000, or the last page there is). For each, the API's
and the raw app's (bench/raw_app.py) cost per request, one at a time, in wall-clock
time and in this process's CPU time (steadier on a shared machine), then a cProfile
of BENCH_PROFILE_REQUESTS requests (default 500) written to
.run/bench/list-profile-<page>.txt, sorted by own time and by cumulative time.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ceasefire_api \\
    BENCH_CLAIMS=100000 .venv/bin/python -m bench.profile_list
"""

import cProfile
import io
import os
import pstats
import sys
import time
from urllib.parse import urlsplit

from bench import run

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "500"))
PAGES = int(os.environ.get("BENCH_PROFILE_PAGES", "1000"))
OUT = run.REPO / ".run" / "bench"


def environ(path: str, headers: dict) -> dict:
    url = urlsplit(path)
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url.path,
        "QUERY_STRING": url.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": str(run.APP_PORT),
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }


def get(app, path: str, headers: dict) -> bytes:
    statuses = []
    body = app(
        {**environ(path, headers), "wsgi.input": io.BytesIO()},
        lambda s, h, *a: statuses.append(s),
    )
    content = b"".join(body)
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"GET {path} answered {statuses[0]}: {content[:300]!r}")
    return content


def deep(app, first: str, headers: dict) -> str:
    import orjson

    path = first
    for _ in range(PAGES - 1):
        following = orjson.loads(get(app, path, headers))["next"]
        if following is None:
            break
        url = urlsplit(following)
        path = f"{url.path}?{url.query}"
    return path


def observer_token() -> str:
    from django.contrib.auth import get_user_model

    from core.api.tokens import token_create

    user = get_user_model().objects.get(username="observer")
    return token_create(user=user, name="profile")[1]


def cpu_ms(app, path: str, headers: dict, n: int = 300) -> float:
    """CPU time of this process per request, in ms: what the wall-clock figure holds
    apart from waiting for PostgreSQL and for the other processes of a busy machine."""
    for _ in range(10):
        get(app, path, headers)
    started = time.process_time()
    for _ in range(n):
        get(app, path, headers)
    return (time.process_time() - started) * 1000 / n


def profile(app, path: str, headers: dict, name: str) -> None:
    for _ in range(20):
        get(app, path, headers)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        get(app, path, headers)
    profiler.disable()
    text = io.StringIO()
    text.write(f"{REQUESTS} requests of GET {path}\n\n")
    for order in ("tottime", "cumulative"):
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats(order).print_stats(60)
    target = OUT / f"list-profile-{name}.txt"
    target.write_text(text.getvalue())
    run.say(f"wrote {target}")


def main() -> None:
    run.ensure_database()
    run.django_setup()
    from django.core.management import call_command

    from incidents.models import Incident

    call_command("migrate", verbosity=0)
    # A database seeded already is used as it is (run.seed would settle every claim again).
    if Incident.objects.count() < run.CLAIMS:
        run.seed()
    from bench import raw_app
    from config.wsgi import application

    OUT.mkdir(parents=True, exist_ok=True)
    headers = {"Authorization": f"Token {observer_token()}"}
    query = run.list_query()
    first = f"/api/v1/incidents/?{query}"
    deep_api = deep(application, first, headers)
    deep_raw = deep(raw_app.app, f"/?{query}", {})
    report = []
    for name, api_path, raw_path in (("page1", first, f"/?{query}"), ("deep", deep_api, deep_raw)):
        api = run.in_process(application, api_path, headers)
        raw = run.in_process(raw_app.app, raw_path, {})
        api_cpu, raw_cpu = cpu_ms(application, api_path, headers), cpu_ms(raw_app.app, raw_path, {})
        report.append(
            f"{name}: API {api}; raw {raw.mean:.1f} ms; ratio {raw.mean / api.mean:.2f}; "
            f"CPU per request: API {api_cpu:.1f} ms, raw {raw_cpu:.1f} ms, "
            f"ratio {raw_cpu / api_cpu:.2f}"
        )
        profile(application, api_path, headers, name)
    summary = "\n".join(report)
    (OUT / "list-profile-summary.txt").write_text(summary + "\n")
    print(summary)


if __name__ == "__main__":
    main()

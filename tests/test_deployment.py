"""The deployment files only name things that exist in the project.

docker-compose.yml, the Dockerfile, Procfile and Procfile.dev are read here, not run
(no Docker needed): every command they start must be a real program of this project:
the gunicorn WSGI module and its attribute, the Celery app given to ``-A`` and the
options of the Celery subcommand, management commands passed to ``manage.py``. The
compose file must also wire what production needs: healthchecks, start order, the
evidence volume and secrets that come from the environment only. The proxy, the
evidence store, the plain-HTTP trial and the locks are checked in
tests/test_deployment_stack.py.
"""

import ast
import importlib
import importlib.util
import json
import re
import shlex
import shutil
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import click
import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"
PROCFILES = ("Procfile", "Procfile.dev")

LONG_RUNNING = ("postgres", "redis", "web", "worker", "beat")
APP_SERVICES = ("web", "worker", "beat")
PRODUCTION_SETTINGS = "config.settings.production"
KNOWN_PROGRAMS = ("python", "python3", "python3.11", "gunicorn", "celery")

SECRET_NAME = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL", re.I)
# `${NAME:?message}`: compose refuses to start when NAME is unset or empty.
REQUIRED_VAR = r"\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^}]*\}"
URL_PASSWORD = re.compile(r"://[^/:@\s]*:(?P<password>\$\{[^}]*\}|[^@\s/]*)@")
SHELL_OPERATORS = {"&&", "||", ";", "|", "&"}


# --------------------------------------------------------------------------- parsing


def _interpolate(text: str, *, compose: bool) -> str:
    """Expand `${VAR:-default}` to its default and `${VAR:?msg}` to a placeholder.

    With compose=True, `$$` is compose's escape for a literal `$` (left for the shell
    inside the container).
    """
    escaped = "\0"
    if compose:
        text = text.replace("$$", escaped)

    def expand(match: re.Match) -> str:
        name, op, arg = match.group("name"), match.group("op") or "", match.group("arg") or ""
        if op.endswith("-"):
            return arg
        if op.endswith("?"):
            return f"required-{name.lower()}"
        return ""

    text = re.sub(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}", expand, text)
    return text.replace(escaped, "$")


def _shell_commands(script: str) -> list[list[str]]:
    """Split a simple shell script into the argv of each command it runs."""
    lexer = shlex.shlex(script, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    commands, current = [], []
    for token in lexer:
        if token in SHELL_OPERATORS:
            commands.append(current)
            current = []
        else:
            current.append(token)
    commands.append(current)
    argvs = []
    for argv in commands:
        # `exec prog` and `VAR=value prog` run prog.
        while argv and (argv[0] == "exec" or re.fullmatch(r"\w+=.*", argv[0])):
            argv = argv[1:]
        if argv:
            argvs.append(argv)
    return argvs


def _argvs(command, *, compose: bool = True) -> list[list[str]]:
    """The argv of every program a compose/Procfile command starts."""
    if isinstance(command, list):
        argv = [_interpolate(str(part), compose=compose) for part in command]
        if argv[:2] and argv[0] in ("sh", "/bin/sh", "bash", "/bin/bash") and argv[1] == "-c":
            return _shell_commands(argv[2])
        return [argv]
    # compose splits a string command itself (no shell); a Procfile line goes to a shell.
    return _shell_commands(_interpolate(command, compose=compose))


def _healthcheck_argvs(test) -> list[list[str]]:
    if isinstance(test, str):
        return _shell_commands(_interpolate(test, compose=True))
    kind, *rest = test
    if kind == "CMD":
        return [[_interpolate(part, compose=True) for part in rest]]
    assert kind == "CMD-SHELL", f"healthcheck test must start with CMD or CMD-SHELL: {test!r}"
    assert len(rest) == 1, f"CMD-SHELL takes one string: {test!r}"
    return _shell_commands(_interpolate(rest[0], compose=True))


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def _volume_mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) of each mount, in short or long syntax."""
    mounts = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            mounts.append((volume.get("source", ""), volume["target"]))
        else:
            source, _, rest = volume.partition(":")
            mounts.append((source, rest.split(":")[0]))
    return mounts


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    instructions, pending = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    assert not pending, "Dockerfile ends inside a continued line"
    return instructions


def _dockerfile_argv(arguments: str) -> list[str]:
    if arguments.startswith("["):
        return json.loads(arguments)
    return ["/bin/sh", "-c", arguments]


def _dockerfile_env() -> dict[str, str]:
    env = {}
    for keyword, arguments in _dockerfile_instructions():
        if keyword == "ENV":
            for token in shlex.split(arguments):
                key, sep, value = token.partition("=")
                assert sep, f"use ENV KEY=value, not the legacy form: ENV {arguments}"
                env[key] = value
    return env


def _dockerfile_cmd() -> list[str]:
    cmds = [args for keyword, args in _dockerfile_instructions() if keyword == "CMD"]
    assert cmds, "the Dockerfile has no CMD"
    return _dockerfile_argv(cmds[-1])


def _procfile(name: str) -> dict[str, str]:
    processes = {}
    for line in (REPO / name).read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        process, sep, command = line.partition(":")
        assert sep, f"{name}: not a `name: command` line: {line!r}"
        processes[process.strip()] = command.strip()
    return processes


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def _service_argvs(services: dict, name: str) -> list[list[str]]:
    service = services[name]
    if "command" in service:
        return _argvs(service["command"])
    assert "build" in service or "image" in service
    return [_dockerfile_cmd()]


# ------------------------------------------------------------------ command checking


def _installed(program: str) -> bool:
    return (Path(sys.executable).parent / program).exists() or shutil.which(program) is not None


def _options_of(command: click.Command) -> dict[str, click.Option]:
    options = {}
    for param in command.params:
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                options[name] = param
    return options


def _takes_value(option: click.Option) -> bool:
    return not option.is_flag and not option.count and option.nargs != 0


def _check_click_options(tokens: list[str], command: click.Command, where: str) -> list[str]:
    """Check every option token against `command`; return the positional arguments."""
    options = _options_of(command)
    positional, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if not token.startswith("-") or token == "-":
            positional.append(token)
            continue
        name, has_value, value = token.partition("=")
        assert name in options, (
            f"{where}: `{name}` is not an option of `celery {command.name}` "
            f"(known: {sorted(options)})"
        )
        option = options[name]
        if _takes_value(option) and not has_value:
            assert index < len(tokens), f"{where}: `{name}` needs a value"
            value = tokens[index]
            index += 1
        if isinstance(option.type, click.Choice) and _takes_value(option):
            choices = {str(choice).upper() for choice in option.type.choices}
            assert value.upper() in choices, f"{where}: `{name}={value}` not in {choices}"
    return positional


def _check_wsgi_target(target: str, where: str) -> None:
    module_name, _, attribute = target.partition(":")
    attribute = attribute or "application"
    spec = importlib.util.find_spec(module_name)
    assert spec is not None and spec.origin, f"{where}: no module {module_name}"
    origin = Path(spec.origin)
    assert origin.is_file() and REPO in origin.parents, f"{where}: {origin} is not in the project"
    tree = ast.parse(origin.read_text())
    assigned = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert attribute in assigned, f"{where}: {origin.name} does not define `{attribute}`"
    with warnings.catch_warnings():
        # WhiteNoise warns that STATIC_ROOT was not collected yet: irrelevant here.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        module = importlib.import_module(module_name)
    assert callable(getattr(module, attribute)), f"{where}: {target} is not a WSGI callable"


def _check_gunicorn(args: list[str], where: str):
    from gunicorn.config import Config

    config = Config()
    try:
        namespace = config.parser().parse_args(args)
    except SystemExit:
        pytest.fail(f"{where}: gunicorn rejects its arguments {args!r}")
    for name, value in vars(namespace).items():
        if name != "args" and value is not None:
            config.set(name, value)  # runs gunicorn's validator for the setting
    assert len(namespace.args) == 1, f"{where}: gunicorn needs exactly one app: {namespace.args}"
    _check_wsgi_target(namespace.args[0], where)
    return SimpleNamespace(app=namespace.args[0], bind=config.bind)


def _check_celery(args: list[str], where: str) -> tuple[str, list[str], dict]:
    """Check a `celery ...` command line; return (subcommand, positional args, options)."""
    from celery import Celery
    from celery.app.utils import find_app
    from celery.bin.celery import celery as celery_cli

    global_options = _options_of(celery_cli)
    app_name, index = None, 0
    while index < len(args) and args[index].startswith("-"):
        name, has_value, value = args[index].partition("=")
        assert name in global_options, f"{where}: `{name}` is not a global celery option"
        index += 1
        if _takes_value(global_options[name]) and not has_value:
            value = args[index]
            index += 1
        if global_options[name].name == "app":
            app_name = value
    assert app_name, f"{where}: celery needs -A/--app"
    assert index < len(args), f"{where}: no celery subcommand"
    subcommand, rest = args[index], args[index + 1 :]

    package_dir = REPO / app_name.split(".")[0].split(":")[0]
    assert package_dir.is_dir(), f"{where}: -A {app_name}: no {package_dir.name}/ in the project"
    assert (REPO / "config" / "celery_app.py").is_file(), "config/celery_app.py is missing"
    app = find_app(app_name)
    assert isinstance(app, Celery), f"{where}: -A {app_name} does not find a Celery app"
    from config.celery_app import app as project_app

    assert app is project_app, f"{where}: -A {app_name} finds {app!r}, not config.celery_app.app"

    assert subcommand in celery_cli.commands, f"{where}: `celery {subcommand}` does not exist"
    command = celery_cli.commands[subcommand]
    positional = _check_click_options(rest, command, where)
    if subcommand in ("inspect", "control"):
        from celery.worker.control import Panel

        assert positional, f"{where}: `celery {subcommand}` needs a command"
        meta = Panel.meta.get(positional[0])
        assert meta is not None and meta.type == subcommand, (
            f"{where}: `{positional[0]}` is not a celery {subcommand} command"
        )
    options = {}
    for token_index, token in enumerate(rest):
        if token.startswith("-"):
            name, has_value, value = token.partition("=")
            if not has_value and token_index + 1 < len(rest):
                value = rest[token_index + 1]
            options[name] = value
    return subcommand, positional, options


def _check_argv(argv: list[str], where: str):
    """Fail unless argv starts a program of this project with arguments it accepts."""
    assert argv, f"{where}: empty command"
    program = Path(argv[0]).name
    assert program in KNOWN_PROGRAMS, (
        f"{where}: unexpected program {argv[0]!r}; teach tests/test_deployment.py about it"
    )
    assert _installed(program), f"{where}: {program} is not installed in this environment"
    if program.startswith("python"):
        assert len(argv) >= 2, f"{where}: bare python"
        if argv[1] == "-c":
            compile(argv[2], where, "exec")
            return None
        if argv[1] == "-m":
            assert importlib.util.find_spec(argv[2]), f"{where}: no module {argv[2]}"
            return None
        assert Path(argv[1]).name == "manage.py", f"{where}: python runs {argv[1]!r}"
        assert (REPO / "manage.py").is_file(), "manage.py is missing"
        assert len(argv) >= 3, f"{where}: manage.py without a command"
        assert argv[2] in get_commands(), f"{where}: `manage.py {argv[2]}` is not a command"
        return None
    if program == "gunicorn":
        return _check_gunicorn(argv[1:], where)
    return _check_celery(argv[1:], where)


def _single_program(argvs: list[list[str]], program: str, where: str) -> list[str]:
    matching = [argv for argv in argvs if Path(argv[0]).name == program]
    assert matching, f"{where}: does not run {program}: {argvs}"
    return matching[-1]


# ------------------------------------------------------------------ compose: services


def test_compose_has_the_five_services(services):
    missing = [name for name in LONG_RUNNING if name not in services]
    assert not missing, f"docker-compose.yml lacks {missing}"
    assert services["postgres"]["image"].split(":")[1].split(".")[0] == "16"
    assert services["redis"]["image"].split(":")[1].split(".")[0] == "7"


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_service_has_a_healthcheck(services, name):
    healthcheck = services[name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert not healthcheck.get("disable"), f"{name}: healthcheck disabled"
    test = healthcheck.get("test")
    assert test and test != ["NONE"], f"{name}: healthcheck has no test"


def test_every_service_is_healthchecked_or_one_shot(services):
    for name, service in services.items():
        if service.get("healthcheck"):
            continue
        assert service.get("restart") == "no", (
            f"{name} has no healthcheck: only one-shot services (restart: 'no') may do without"
        )
        dependants = [
            other
            for other, spec in services.items()
            if isinstance(spec.get("depends_on"), dict) and name in spec["depends_on"]
        ]
        for other in dependants:
            condition = services[other]["depends_on"][name].get("condition")
            assert condition == "service_completed_successfully", (
                f"{other} must wait for one-shot {name} to complete successfully"
            )


def test_depends_on_waits_for_health(services):
    for name, service in services.items():
        depends_on = service.get("depends_on") or {}
        assert isinstance(depends_on, dict), f"{name}: depends_on needs the long form"
        for dependency, spec in depends_on.items():
            assert dependency in services, f"{name} depends on unknown service {dependency}"
            expected = (
                "service_healthy"
                if services[dependency].get("healthcheck")
                else "service_completed_successfully"
            )
            assert spec.get("condition") == expected, f"{name} -> {dependency}: {spec}"
    for name in APP_SERVICES:
        assert "redis" in services[name]["depends_on"], f"{name} must wait for redis"
    for name in ("web", "worker"):
        assert "postgres" in services[name]["depends_on"], f"{name} must wait for postgres"


def test_migrations_run_before_web(services):
    """Either a one-shot service migrates and web waits for it, or web migrates first."""

    def migrates(name):
        return any(
            Path(argv[0]).name.startswith("python") and argv[1:3] == ["manage.py", "migrate"]
            for argv in _service_argvs(services, name)
        )

    web_argvs = _service_argvs(services, "web")
    if migrates("web"):
        programs = [Path(argv[0]).name for argv in web_argvs]
        assert programs.index("gunicorn") > 0, "web must migrate before it starts gunicorn"
        return
    migrators = [name for name in services if name != "web" and migrates(name)]
    assert migrators, "no service runs `manage.py migrate`"
    for name in APP_SERVICES:
        waits_for = services[name].get("depends_on") or {}
        assert any(
            waits_for.get(migrator, {}).get("condition") == "service_completed_successfully"
            for migrator in migrators
        ), f"{name} must wait for {migrators} to complete successfully"


# ------------------------------------------------------------------ compose: commands


def test_every_app_command_refers_to_existing_things(services):
    for name, service in services.items():
        if "build" not in service and not str(service.get("image", "")).startswith("ceasefire"):
            continue  # third-party image (postgres, redis)
        for argv in _service_argvs(services, name):
            _check_argv(argv, f"docker-compose.yml services.{name}.command")


def test_web_runs_gunicorn_on_the_project_wsgi_app(services):
    argv = _single_program(_service_argvs(services, "web"), "gunicorn", "web")
    config = _check_argv(argv, "web")
    assert config.app == "config.wsgi:application"
    assert any(address.startswith("0.0.0.0:") for address in config.bind), (
        f"web must listen on all interfaces inside the container, not {config.bind}"
    )


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_worker_and_beat_run_the_project_celery_app(services, name):
    argv = _single_program(_service_argvs(services, name), "celery", name)
    subcommand, _, _ = _check_argv(argv, name)
    assert subcommand == name


def test_app_services_use_production_settings(services):
    for name, service in services.items():
        env = _environment(service)
        if "DJANGO_SETTINGS_MODULE" not in env and name not in APP_SERVICES:
            continue
        module = env.get("DJANGO_SETTINGS_MODULE") or _dockerfile_env().get(
            "DJANGO_SETTINGS_MODULE"
        )
        assert module == PRODUCTION_SETTINGS, f"{name}: DJANGO_SETTINGS_MODULE={module}"
        assert importlib.util.find_spec(module), f"{name}: no module {module}"
        for variable in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"):
            assert env.get(variable), f"{name}: {variable} is not set"
        assert env.get("CELERY_BROKER_URL"), f"{name}: CELERY_BROKER_URL is not set"
        database = urlsplit(_interpolate(env["DATABASE_URL"], compose=True))
        assert database.scheme in ("postgres", "postgresql", "pgsql")
        assert database.hostname == "postgres", f"{name}: DATABASE_URL must reach postgres"
        broker = urlsplit(_interpolate(env["CELERY_BROKER_URL"], compose=True))
        assert broker.scheme == "redis" and broker.hostname == "redis", (
            f"{name}: CELERY_BROKER_URL must reach the redis service"
        )


def test_postgres_credentials_match_database_url(services):
    postgres = _environment(services["postgres"])
    for name in APP_SERVICES:
        url = urlsplit(_interpolate(_environment(services[name])["DATABASE_URL"], compose=True))
        assert url.username == postgres["POSTGRES_USER"], name
        assert url.path.lstrip("/") == postgres["POSTGRES_DB"], name
        password = URL_PASSWORD.search(_environment(services[name])["DATABASE_URL"])
        assert password, f"{name}: DATABASE_URL carries no password"
        assert password["password"] == postgres["POSTGRES_PASSWORD"], (
            f"{name}: DATABASE_URL must use the same POSTGRES_PASSWORD as postgres"
        )


# --------------------------------------------------------------- compose: healthchecks


def test_web_healthcheck_queries_healthz_on_the_gunicorn_port(services):
    argvs = _healthcheck_argvs(services["web"]["healthcheck"]["test"])
    text = " ".join(" ".join(argv) for argv in argvs)
    urls = re.findall(r"https?://[^\s'\"]+", text)
    assert urls, f"web healthcheck requests no URL: {text}"
    url = urlsplit(urls[0])
    match = resolve(url.path)
    from config import health

    assert match.func is health.healthz, f"{url.path} is not config.health.healthz"
    for argv in argvs:
        if Path(argv[0]).name in KNOWN_PROGRAMS:
            _check_argv(argv, "web healthcheck")
        else:
            assert Path(argv[0]).name in ("curl", "wget"), f"web healthcheck runs {argv[0]}"
    config = _check_argv(_single_program(_service_argvs(services, "web"), "gunicorn", "web"), "")
    ports = {address.rsplit(":", 1)[1] for address in config.bind}
    assert str(url.port) in ports, f"healthcheck port {url.port} is not gunicorn's {ports}"
    allowed = _interpolate(_environment(services["web"])["DJANGO_ALLOWED_HOSTS"], compose=True)
    assert url.hostname in allowed.split(","), (
        f"the healthcheck asks for Host {url.hostname}, which DJANGO_ALLOWED_HOSTS "
        f"({allowed}) rejects with 400"
    )


def _nodename(template: str) -> str:
    """Celery's `%h` and the shell's `$HOSTNAME` both mean the container's hostname."""
    return template.replace("%h", "<hostname>").replace("$HOSTNAME", "<hostname>")


def _inspect_ping_destination(services, name) -> str:
    argvs = _healthcheck_argvs(services[name]["healthcheck"]["test"])
    argv = _single_program(argvs, "celery", f"{name} healthcheck")
    subcommand, positional, options = _check_argv(argv, f"{name} healthcheck")
    assert (subcommand, positional[:1]) == ("inspect", ["ping"]), (
        f"{name} healthcheck should run `celery inspect ping`: {argv}"
    )
    destination = options.get("-d") or options.get("--destination")
    assert destination, f"{name} healthcheck must ping its own node (--destination)"
    return _nodename(destination)


def test_worker_healthcheck_pings_this_worker(services):
    argv = _single_program(_service_argvs(services, "worker"), "celery", "worker")
    _, _, options = _check_argv(argv, "worker")
    hostname = options.get("-n") or options.get("--hostname") or "celery@%h"
    assert _inspect_ping_destination(services, "worker") == _nodename(hostname)


def test_beat_healthcheck_pings_beat(services):
    """Celery >= 5.7 beat answers `inspect ping` as celerybeat@%h when remote control is on."""
    argv = _single_program(_service_argvs(services, "beat"), "celery", "beat")
    _, _, options = _check_argv(argv, "beat")
    assert "--enable-remote-control" in options, "beat must run with --enable-remote-control"
    hostname = options.get("-n") or options.get("--hostname") or "celerybeat@%h"
    assert _inspect_ping_destination(services, "beat") == _nodename(hostname)


def test_postgres_and_redis_healthchecks(services):
    postgres = _healthcheck_argvs(services["postgres"]["healthcheck"]["test"])
    assert postgres[0][0] == "pg_isready", postgres
    redis = _healthcheck_argvs(services["redis"]["healthcheck"]["test"])
    assert redis[0] == ["redis-cli", "ping"], redis


# -------------------------------------------------------- compose: volumes and secrets


def test_evidence_volume_is_mounted_at_media_root_in_web_and_worker(compose, services):
    named_volumes = set(compose.get("volumes") or {})
    sources = set()
    for name in ("web", "worker"):
        media_root = _environment(services[name]).get("DJANGO_MEDIA_ROOT") or _dockerfile_env().get(
            "DJANGO_MEDIA_ROOT"
        )
        assert media_root and media_root.startswith("/"), f"{name}: DJANGO_MEDIA_ROOT={media_root}"
        mounted = [
            source for source, target in _volume_mounts(services[name]) if target == media_root
        ]
        assert mounted, f"{name}: nothing is mounted at DJANGO_MEDIA_ROOT ({media_root})"
        assert mounted[0] in named_volumes, f"{name}: {mounted[0]} is not a named volume"
        sources.add(mounted[0])
    assert len(sources) == 1, f"web and worker must share one evidence volume, not {sources}"


def test_no_literal_secret_in_compose(services):
    for name, service in services.items():
        for key, value in _environment(service).items():
            where = f"services.{name}.environment.{key}"
            # An optional secret is passed through (no value) or defaults to empty.
            optional = value == "" or re.fullmatch(rf"\$\{{{key}:?-\}}", value)
            if SECRET_NAME.search(key) and not optional:
                assert re.fullmatch(REQUIRED_VAR, value), (
                    f"{where} must come from the environment as ${{VAR:?message}}, not {value!r}"
                )
            password = URL_PASSWORD.search(value)
            if password and password["password"]:
                assert re.fullmatch(REQUIRED_VAR, password["password"]), (
                    f"{where}: the password in the URL must be a ${{VAR:?message}}"
                )


# ------------------------------------------------------------------------- Dockerfile


def test_compose_builds_this_dockerfile(services):
    builds = [service["build"] for service in services.values() if "build" in service]
    assert builds, "no service builds the project image"
    for build in builds:
        context = build if isinstance(build, str) else build.get("context", ".")
        dockerfile = (
            "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        )
        assert (COMPOSE_FILE.parent / context / dockerfile).resolve() == DOCKERFILE


def test_dockerfile_base_user_and_dependencies():
    instructions = _dockerfile_instructions()
    keywords = [keyword for keyword, _ in instructions]
    froms = [args for keyword, args in instructions if keyword == "FROM"]
    assert froms[-1].split()[0].startswith("python:3.11-slim"), froms
    runs = [args for keyword, args in instructions if keyword == "RUN"]
    assert any("apt-get install" in run and "libmagic1" in run for run in runs)
    copies = [args.split() for keyword, args in instructions if keyword == "COPY"]
    lock = "requirements/runtime.txt"
    assert any(lock in copy[:-1] for copy in copies), f"{lock} is not copied"
    installs = [run for run in runs if re.search(r"\bpip install\b", run)]
    assert installs, "nothing is pip installed"
    for run in installs:
        # The runtime lock only, every file's hash checked: not pyproject.toml's ranges.
        assert "--require-hashes" in run and "-r " in run, f"not installed from the lock: {run}"
        assert not re.search(r"pip install[^&]*(\s\.(\s|$)|\.\[|pyproject)", run), run
    users = [args for keyword, args in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the image must not run as root"
    last_user = len(keywords) - 1 - keywords[::-1].index("USER")
    assert "CMD" in keywords[last_user:], "CMD must come after USER"


def test_dockerfile_copies_the_whole_project():
    """The code is COPYed directory by directory: a new app must be added there too."""
    copied = set()
    for keyword, arguments in _dockerfile_instructions():
        if keyword != "COPY":
            continue
        parts = [part for part in arguments.split() if not part.startswith("--")]
        for source in parts[:-1]:
            if not any(char in source for char in "*?["):
                assert (REPO / source).exists(), f"COPY {source}: not in the build context"
            copied.add(Path(source).parts[0])
    needed = {"manage.py"}
    for app in settings.INSTALLED_APPS:
        spec = importlib.util.find_spec(app.split(".")[0])
        if spec is None or not spec.origin:
            continue
        origin = Path(spec.origin).resolve()
        installed = "site-packages" in origin.parts or Path(sys.prefix).resolve() in origin.parents
        if REPO in origin.parents and not installed:
            needed.add(origin.relative_to(REPO).parts[0])
    for directory in [*settings.STATICFILES_DIRS, *settings.TEMPLATES[0]["DIRS"]]:
        if REPO in Path(directory).parents:
            needed.add(Path(directory).relative_to(REPO).parts[0])
    assert not needed - copied, f"the Dockerfile does not COPY {sorted(needed - copied)}"


def test_dockerfile_collects_static_with_production_settings():
    env = _dockerfile_env()
    assert env.get("DJANGO_SETTINGS_MODULE") == PRODUCTION_SETTINGS
    runs = [args for keyword, args in _dockerfile_instructions() if keyword == "RUN"]
    collect = [run for run in runs if "collectstatic" in run]
    assert collect, "the Dockerfile does not run collectstatic"
    for argv in _shell_commands(collect[0]):
        if "collectstatic" in argv:
            _check_argv(argv, "Dockerfile collectstatic")
    for variable in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        assert f"{variable}=" in collect[0] or variable in env, f"collectstatic lacks {variable}"


def test_dockerfile_bakes_no_secret():
    for keyword, arguments in _dockerfile_instructions():
        if keyword in ("ENV", "ARG"):
            for token in shlex.split(arguments):
                name = token.partition("=")[0]
                assert not SECRET_NAME.search(name), (
                    f"{keyword} {name}: a secret must not be baked into the image"
                )


def test_dockerfile_cmd_refers_to_existing_things():
    for keyword, arguments in _dockerfile_instructions():
        if keyword == "ENTRYPOINT":
            for argv in _argvs(_dockerfile_argv(arguments), compose=False):
                _check_argv(argv, "Dockerfile ENTRYPOINT")
    argvs = _argvs(_dockerfile_cmd(), compose=False)
    for argv in argvs:
        _check_argv(argv, "Dockerfile CMD")
    assert Path(argvs[-1][0]).name == "gunicorn", "the default command should serve the web app"


def test_media_root_in_the_image_belongs_to_the_app_user():
    """A named volume mounted on an image directory starts with that directory's owner."""
    media_root = _dockerfile_env().get("DJANGO_MEDIA_ROOT")
    assert media_root
    runs = [args for keyword, args in _dockerfile_instructions() if keyword == "RUN"]
    users = [args for keyword, args in _dockerfile_instructions() if keyword == "USER"]
    assert any(f"chown {users[-1]}" in run and media_root in run for run in runs), (
        f"{media_root} must be created and chowned to {users[-1]} in the image"
    )


# -------------------------------------------------------------------------- Procfiles


@pytest.mark.parametrize("procfile", PROCFILES)
def test_procfile_commands_refer_to_existing_things(procfile):
    processes = _procfile(procfile)
    assert {"web", "worker", "beat"} <= set(processes), f"{procfile}: {sorted(processes)}"
    for process, command in processes.items():
        for argv in _argvs(command, compose=False):
            _check_argv(argv, f"{procfile} {process}")


def test_procfile_processes_run_the_right_programs():
    production = _procfile("Procfile")
    web = _argvs(production["web"], compose=False)[-1]
    assert _check_argv(web, "Procfile web").app == "config.wsgi:application"
    for process in ("worker", "beat"):
        for procfile in PROCFILES:
            argv = _argvs(_procfile(procfile)[process], compose=False)[-1]
            subcommand, _, _ = _check_argv(argv, f"{procfile} {process}")
            assert subcommand == process


# ------------------------------------------------------- README's variables = compose's

COMPOSE_FILES = (COMPOSE_FILE, REPO / "compose.http.yaml")
README = REPO / "README.md"
INTERPOLATION = re.compile(
    r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
)


def _strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, str):
        yield node


def compose_variables() -> dict[str, str]:
    """Every variable the compose files take from the operator's environment (or .env):
    {name: "required" | "default:<value>" | "passthrough"}.

    Read from the parsed YAML, so comments do not count; `$$` is compose's escape for a
    `$` left to the container's shell, not a variable of compose's.
    """
    found: dict[str, str] = {}
    for path in COMPOSE_FILES:
        document = yaml.safe_load(path.read_text())
        for text in _strings(document):
            for match in INTERPOLATION.finditer(text.replace("$$", "")):
                op, arg = match["op"] or "", match["arg"] or ""
                kind = "required" if op.endswith("?") else f"default:{arg}"
                found.setdefault(match["name"], kind)
        for service in (document.get("services") or {}).values():
            for key, value in (service.get("environment") or {}).items():
                if value is None:  # `KEY:` with no value: passed through when set
                    found.setdefault(key, "passthrough")
    return found


def readme_deploy_variables() -> dict[str, str]:
    """The table of README's "Deploy" section: {name: its default cell}.

    The section is the text from the line `## Deploy` to the next `## ` heading; its
    variables are the rows of the first table there whose first cell is a `NAME` in
    backticks (one variable per row).
    """
    text = README.read_text()
    match = re.search(r"^## Deploy\n(?P<body>.*?)(?=^## )", text, re.M | re.S)
    assert match, 'README has no "## Deploy" section'
    rows = {}
    for line in match["body"].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(r"`[A-Z][A-Z0-9_]*`", cells[0]):
            rows[cells[0].strip("`")] = cells[1] if len(cells) > 1 else ""
    assert rows, 'README\'s "Deploy" section has no table of variables'
    return rows


def test_readme_deploy_names_exactly_the_variables_compose_reads():
    compose = set(compose_variables())
    readme = set(readme_deploy_variables())
    assert not compose - readme, f"compose reads {sorted(compose - readme)}: README does not say"
    assert not readme - compose, f"README names {sorted(readme - compose)}: compose ignores them"


def test_readme_deploy_defaults_agree_with_compose():
    readme = readme_deploy_variables()
    for name, kind in compose_variables().items():
        cell = readme[name]
        if kind == "required":
            assert cell.startswith("required"), f"{name}: compose requires it; README: {cell!r}"
            continue
        assert not cell.startswith("required"), f"{name}: compose has a default; README: {cell!r}"
        default = kind.removeprefix("default:")
        if kind.startswith("default:") and default:
            assert f"`{default}`" in cell, (
                f"{name}: compose's default is {default!r}; README: {cell!r}"
            )

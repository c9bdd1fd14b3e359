"""The locks in requirements/: compile them from pyproject.toml, or check they match it.

    python scripts/lock.py            # `make lock`: recompile, keeping the current pins
    python scripts/lock.py --upgrade  # `make lock UPGRADE=1`: the newest versions allowed
    python scripts/lock.py --check    # `.ci/run`: fail when a lock is out of date

Each lock pins every package, with its hashes, for any platform and Python >= 3.11
(`uv pip compile --universal --generate-hashes`). The sets:

    runtime  the dependencies alone: the Docker image
    local    runtime + the `local` extra (honcho): `make install`, `make run`
    test     runtime + the `test` extra
    dev      runtime + every extra: `make install-test`, `make test`, `.ci/run`

dev is compiled first and the other sets are constrained to its pins, so a package has
the same version in every lock: the tests run what the image runs.

In sync means: each lock's header carries the SHA-256 of pyproject.toml's dependency
lists (requires-python, dependencies, every extra) as they were when it was compiled,
and that digest is today's; and each requirement of the set is pinned at a version its
specifier admits. Both are read offline, from the files alone: no resolver runs in CI,
so a release on PyPI never makes the check flaky. A changed comment in pyproject.toml
changes nothing; a changed requirement fails the check until `make lock` is run.
"""

import argparse
import hashlib
import json
import re
import subprocess  # nosec B404  # runs uv with our own arguments
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = REPO / "pyproject.toml"
LOCK_DIR = REPO / "requirements"
PYTHON_VERSION = "3.11"
SETS = {
    "dev": ("local", "test", "dev"),
    "runtime": (),
    "local": ("local",),
    "test": ("test",),
}
DIGEST_LINE = "# pyproject.toml dependencies sha256: "
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


def _project() -> dict:
    return tomllib.loads(PYPROJECT.read_text())["project"]


def dependency_digest() -> str:
    project = _project()
    lists = {
        "requires-python": project.get("requires-python", ""),
        "dependencies": project.get("dependencies", []),
        "optional-dependencies": project.get("optional-dependencies", {}),
    }
    return hashlib.sha256(json.dumps(lists, sort_keys=True).encode()).hexdigest()


def lock_path(name: str) -> Path:
    return LOCK_DIR / f"{name}.txt"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, list[tuple[str, str]]]:
    """{normalised name: [(version, marker)]}: universal locks may pin a package twice,
    under different markers (e.g. one numpy for Python 3.11, a newer one from 3.12)."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            pins.setdefault(_normalise(match["name"]), []).append(
                (match["version"], (match["marker"] or "").strip())
            )
    return pins


def _compile(name: str, *, upgrade: bool, constraints: Path | None) -> None:
    command = [
        sys.executable, "-m", "uv", "pip", "compile", str(PYPROJECT),
        "--universal", "--generate-hashes", "--python-version", PYTHON_VERSION,
        "--custom-compile-command", "make lock",
        "--output-file", str(lock_path(name)), "--quiet",
    ]  # fmt: skip
    for extra in SETS[name]:
        command += ["--extra", extra]
    if constraints:
        command += ["--constraint", str(constraints)]
    if upgrade:
        command.append("--upgrade")
    subprocess.run(command, check=True, cwd=REPO)  # noqa: S603  # nosec B603  # our own argv, no shell
    lines = lock_path(name).read_text().splitlines()
    # uv's header: the comment lines before the first pin.
    split = next(index for index, line in enumerate(lines) if not line.startswith("#"))
    header = [line for line in lines[:split] if not line.startswith((DIGEST_LINE, "# set: "))]
    extras = ", ".join(SETS[name]) or "none"
    marks = [f"# set: {name} (extras: {extras})", f"{DIGEST_LINE}{dependency_digest()}"]
    lock_path(name).write_text("\n".join([*header, *marks, *lines[split:]]) + "\n")


def compile_all(*, upgrade: bool) -> None:
    LOCK_DIR.mkdir(exist_ok=True)
    _compile("dev", upgrade=upgrade, constraints=None)
    # The other sets take dev's versions (uv reads the pins and ignores the hashes).
    for name in SETS:
        if name != "dev":
            _compile(name, upgrade=False, constraints=lock_path("dev").relative_to(REPO))


def check() -> list[str]:
    from packaging.requirements import Requirement

    problems = []
    digest = dependency_digest()
    project = _project()
    dev_pins = read_pins(lock_path("dev")) if lock_path("dev").exists() else {}
    for name, extras in SETS.items():
        path = lock_path(name)
        where = path.relative_to(REPO)
        if not path.exists():
            problems.append(f"{where} is missing")
            continue
        header = [line for line in path.read_text().splitlines() if line.startswith(DIGEST_LINE)]
        if header != [f"{DIGEST_LINE}{digest}"]:
            problems.append(
                f"{where} was compiled from other dependency lists than pyproject.toml's"
            )
        pins = read_pins(path)
        wanted = list(project["dependencies"])
        for extra in extras:
            wanted += project["optional-dependencies"][extra]
        for text in wanted:
            requirement = Requirement(text)
            versions = [version for version, _ in pins.get(_normalise(requirement.name), [])]
            if not versions:
                problems.append(f"{where} does not pin {requirement.name}")
            elif not any(requirement.specifier.contains(v, prereleases=True) for v in versions):
                problems.append(f"{where} pins {requirement.name} at {versions}: not {requirement}")
        for package, entries in pins.items():
            if name != "dev" and not set(entries) <= set(dev_pins.get(package, [])):
                problems.append(
                    f"{where} pins {package} {entries}, the dev lock {dev_pins.get(package)}"
                )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a lock is out of date")
    parser.add_argument(
        "--upgrade", action="store_true", help="move every pin to the newest allowed"
    )
    arguments = parser.parse_args()
    if arguments.check:
        problems = check()
        for problem in problems:
            print(f"lock out of sync: {problem}", file=sys.stderr)
        if problems:
            print("Run `make lock` and commit requirements/.", file=sys.stderr)
            return 1
        print(f"requirements/ in sync with pyproject.toml ({', '.join(SETS)})")
        return 0
    compile_all(upgrade=arguments.upgrade)
    return 0


if __name__ == "__main__":
    sys.exit(main())

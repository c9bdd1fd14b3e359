"""The reference data every install needs before anyone can work: who the parties and
co-chairs are, the taxonomy with its deadlines, the kinds of commitment, the urgencies and
the penalty measures. Never a user.

`core` names no domain: each app registers a loader from its AppConfig.ready(), a callable
that creates what is missing (and changes nothing the secretariat has edited) and returns
how many it created of each kind. `manage.py load_reference_data` and `seed_demo` both run
them all, in the order the apps are installed.
"""

from collections.abc import Callable

from django.db import transaction

Loader = Callable[[], dict[str, int]]

LOADERS: list[Loader] = []


def register(loader: Loader) -> None:
    if loader not in LOADERS:
        LOADERS.append(loader)


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Run every registered loader in one transaction; how many of each kind were created."""
    created: dict[str, int] = {}
    for loader in LOADERS:
        for kind, count in loader().items():
            created[kind] = created.get(kind, 0) + count
    return created

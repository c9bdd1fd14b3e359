"""The one transition engine: a table per workflow, one refusal."""

import pytest
from django.db import models

from core.errors import CommonError, ServiceError
from core.transitions import Workflow, table


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"
    OFF = "off", "Switched off"


LIGHT = Workflow(
    noun="light",
    statuses=Light,
    transitions=table(go=({Light.RED}, {Light.GREEN}), stop=({Light.GREEN}, {Light.RED})),
)


def test_a_listed_move_is_allowed():
    assert LIGHT.can("go", Light.RED)
    assert LIGHT.can("go", Light.RED, Light.GREEN)
    LIGHT.check("go", Light.RED, Light.GREEN)


def test_a_move_from_the_wrong_status_is_refused_with_the_stable_code():
    assert not LIGHT.can("go", Light.OFF)
    with pytest.raises(ServiceError) as refused:
        LIGHT.check("go", Light.OFF)
    assert refused.value.code == CommonError.ILLEGAL_TRANSITION
    assert refused.value.detail == "Cannot go a light that is switched off."


def test_a_move_to_a_status_the_table_does_not_list_is_refused():
    assert not LIGHT.can("go", Light.RED, Light.OFF)
    with pytest.raises(ServiceError):
        LIGHT.check("go", Light.RED, Light.OFF)

"""The one transition engine: a table per workflow, one refusal."""

import pytest
from django.db import models
from django.utils import translation
from django.utils.translation import gettext

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
    assert refused.value.detail == "Not possible while this light is “Switched off”."


def test_the_refusal_names_the_record_and_its_status_in_the_readers_language():
    claims = Workflow(
        noun="claim",
        statuses=Light,
        transitions=table(go=({Light.RED}, {Light.GREEN})),
    )
    with translation.override("ur"):
        with pytest.raises(ServiceError) as refused:
            claims.check("go", Light.OFF)
        noun = gettext("claim")
    assert noun != "claim"  # the catalogue has the noun
    assert noun in refused.value.detail
    assert "Switched off" in refused.value.detail


def test_a_move_to_a_status_the_table_does_not_list_is_refused():
    assert not LIGHT.can("go", Light.RED, Light.OFF)
    with pytest.raises(ServiceError):
        LIGHT.check("go", Light.RED, Light.OFF)

"""factory_boy factories. Codes appear here and in seed data only."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import CoChair, Party, Role, User
from incidents.models import Category, Incident
from verification.services import review_reply


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = "PAK"
    name = factory.LazyAttribute(
        lambda o: {"PAK": "Pakistan", "AFG": "Afghanistan"}.get(o.code, o.code)
    )
    min_latitude = Decimal("23.6")
    max_latitude = Decimal("38.5")
    min_longitude = Decimal("60.4")
    max_longitude = Decimal("77.9")


class CoChairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoChair
        django_get_or_create = ("code",)

    code = "TUR"
    name = factory.LazyAttribute(lambda o: {"TUR": "Türkiye", "QAT": "Qatar"}.get(o.code, o.code))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.OBSERVER
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code", "version")

    code = "cross_border_fire"
    version = 1
    label = "Cross-border fire / shelling"
    agreement_clause = "Art. 2(b)"


class IncidentFactory(factory.django.DjangoModelFactory):
    """A draft by default; pass status and the timestamps for other states."""

    class Meta:
        model = Incident

    reference = factory.Sequence(lambda n: f"TST-2025-{n:05d}")
    reporting_party = factory.SubFactory(PartyFactory, code="PAK")
    accused_party = factory.SubFactory(PartyFactory, code="AFG")
    alleged_actor = "Unidentified armed group"
    category = factory.SubFactory(CategoryFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    reported_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    latitude = Decimal("34.13300")
    longitude = Decimal("71.08300")
    place_name = "Torkham"
    province = "Khyber Pakhtunkhwa"
    narrative = "Mortar fire across the crossing."
    created_by = factory.LazyAttribute(
        lambda o: (
            User.objects.filter(party=o.reporting_party).first()
            or UserFactory(role=Role.OFFICER, party=o.reporting_party)
        )
    )


def api_token(user, *, scope: str = "write", name: str = "Tests", secret: str | None = None) -> str:
    """The secret of a new API token of the user, made through the service, or a token
    with a given `secret` put back (as after a test revoked it).

    Marked as used just now, as a client that has been calling would be: query counts
    then measure the request, not the write of last use (at most once a minute).
    """
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    from core.api.tokens import token_create
    from core.models import ApiToken

    if secret is None:
        token, secret = token_create(user=user, name=name, scope=scope)
    else:
        ApiToken.objects.filter(digest=hash_token(secret)).delete()
        token = ApiToken(
            user=user,
            name=name,
            scope=scope,
            digest=hash_token(secret),
            token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH],
            expiry=timezone.now() + timedelta(days=7),
        )
    token.last_used_at = timezone.now()
    token.save()
    return secret


def meeting_begun(meeting, *, hours: int = 1):
    """The meeting as it stands once it has begun (`hours` ago): a meeting closes only
    then. Moves its time back in the database, as the clock would."""
    meeting.scheduled_for = timezone.now() - timedelta(hours=hours)
    type(meeting).objects.filter(pk=meeting.pk).update(scheduled_for=meeting.scheduled_for)
    return meeting


def intent_of(outcome: str, intent: str = "deliberate") -> str:
    """The intent a finding with this outcome says: one on a verified violation, none
    otherwise."""
    return intent if outcome == "verified" else ""


def reply_first(officer, record):
    """The answering party's reply to a record, which its findings wait for (or for the
    reply window's close): the right of reply comes first."""
    return review_reply(
        actor=officer,
        record=record,
        position="denies",
        narrative="Our side did nothing of the kind that day.",
    )

"""API tokens: several named ones per person, each with an expiry and a scope (read, or
read and write), stored only as a hash (django-rest-knox). The secret is returned once, by
the function that creates it; nothing can show it again.

Revoked one by one by their owner, all of a person's at once when their password changes,
and everyone's at once in a suspected compromise.
"""

import functools
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext
from knox import crypto
from knox.settings import CONSTANTS

from core.errors import CommonError, ServiceError, validation_error
from core.models import ApiToken, TokenScope

# The name and scope of the token the token endpoint (POST /api/v1/auth/token/) issues.
ISSUED_NAME = "API"
# last_used_at is written at most this often per token: a busy client costs one UPDATE a
# minute, not one per request.
LAST_USE_PRECISION = timedelta(minutes=1)


def token_is_expired(token: ApiToken, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) >= token.expiry


@functools.cache
def _lookup(alias: str):
    """The SQL of `tokens_by_key` for one database, built once per process from the two
    models' columns, with the columns themselves and whether any needs a converter (on
    SQLite, dates and UUIDs are text; on PostgreSQL none does)."""
    connection = connections[alias]
    user_model = get_user_model()
    parts = [
        (ApiToken, ApiToken._meta.concrete_fields),
        (user_model, user_model._meta.concrete_fields),
    ]
    cols = [field.get_col(model._meta.db_table) for model, fields in parts for field in fields]
    quote = connection.ops.quote_name
    token, user = (quote(model._meta.db_table) for model, _ in parts)
    columns = ", ".join(f"{quote(c.alias)}.{quote(c.target.column)}" for c in cols)
    user_pk, user_id, key = (
        quote(user_model._meta.pk.column),
        quote(ApiToken._meta.get_field("user").column),
        quote(ApiToken._meta.get_field("token_key").column),
    )
    # Names from the models; the key is a bound parameter.
    join = f"{token} INNER JOIN {user} ON {user}.{user_pk} = {token}.{user_id}"
    sql = f"SELECT {columns} FROM {join} WHERE {token}.{key} = %s"  # noqa: S608  # nosec B608
    names = [[field.attname for field in fields] for _, fields in parts]
    _, converters = _converters(connection, cols)
    return sql, cols, bool(converters), names


def _converters(connection, cols):
    compiler = connection.ops.compiler("SQLCompiler")(
        ApiToken.objects.none().query, connection, connection.alias
    )
    return compiler, compiler.get_converters(cols)


def tokens_by_key(key: str) -> list[ApiToken]:
    """The tokens whose `token_key` is `key`, each with its user loaded: what
    `ApiToken.objects.select_related("user").filter(token_key=key)` gives, in the one
    indexed query, without the ORM building that query again on every API request (it
    cost more than running it)."""
    alias = router.db_for_read(ApiToken)
    connection = connections[alias]
    sql, cols, convert, (token_names, user_names) = _lookup(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        rows = cursor.fetchall()
    if convert:
        compiler, converters = _converters(connection, cols)
        rows = compiler.apply_converters(rows, converters)
    tokens = []
    user_model = get_user_model()
    split = len(token_names)
    for row in rows:
        token = ApiToken.from_db(alias, token_names, row[:split])
        token.user = user_model.from_db(alias, user_names, row[split:])
        tokens.append(token)
    return tokens


def token_list(*, user) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    return list(ApiToken.objects.filter(user=user, expiry__gt=timezone.now()))


def _check(
    *, name: str, scope: str, expires_at: datetime, now: datetime, not_after: datetime | None
) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = gettext("Give the token a name, so you can tell it from the others.")
    elif len(name) > ApiToken._meta.get_field("name").max_length:
        errors["name"] = gettext("At most 100 characters.")
    if scope not in TokenScope.values:
        errors["scope"] = gettext("One of: %(values)s.") % {"values": ", ".join(TokenScope.values)}
    if expires_at <= now:
        errors["expires_at"] = "The expiry must be in the future."
    elif expires_at > now + settings.API_TOKEN_MAX_TTL:
        errors["expires_at"] = (
            f"At most {settings.API_TOKEN_MAX_TTL.days} days from now (API_TOKEN_MAX_TTL_DAYS)."
        )
    elif not_after is not None and expires_at > not_after:
        errors["expires_at"] = "A token cannot outlive the token that creates it."
    if errors:
        raise validation_error(errors)


def token_create(
    *,
    user,
    name: str,
    scope: str = TokenScope.WRITE,
    expires_at: datetime | None = None,
    not_after: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with its secret, which is stored nowhere.

    Expires API_TOKEN_TTL from now unless `expires_at` says otherwise: at most
    API_TOKEN_MAX_TTL ahead, and not after `not_after` (the expiry of the token a client
    creates it with, so that a stolen token cannot mint itself a longer life). Raises
    VALIDATION_ERROR naming the field at fault.
    """
    now = timezone.now()
    if expires_at is None:
        expires_at = now + settings.API_TOKEN_TTL
        if not_after is not None:
            expires_at = min(expires_at, not_after)
    name = name.strip()
    _check(name=name, scope=scope, expires_at=expires_at, now=now, not_after=not_after)
    # knox's secret and digest; the row is saved here so that the expiry is exactly the
    # one checked above (knox's manager would count its TTL from a later now()).
    secret = crypto.create_token_string()
    token = ApiToken(
        user=user,
        name=name,
        scope=scope,
        expiry=expires_at,
        digest=crypto.hash_token(secret),
        token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH],
    )
    token.save(force_insert=True)
    return token, secret


@transaction.atomic
def token_issue(*, user) -> tuple[ApiToken, str]:
    """The token endpoint's: a new read-and-write token named "API", living API_TOKEN_TTL.

    The user's expired tokens are deleted on the way, so that a client asking for a
    token at each run leaves no trail of dead ones.
    """
    ApiToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    return token_create(user=user, name=ISSUED_NAME, scope=TokenScope.WRITE)


def token_revoke(*, user, token_id) -> None:
    """Delete one of the user's tokens. Another person's token, or none, is NOT_FOUND:
    the answer says nothing about tokens that are not the caller's."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ServiceError(CommonError.NOT_FOUND, gettext("No such token."))


def token_revoke_all(*, user) -> int:
    """Delete every API token of the user; returns how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def tokens_revoke_everyone() -> int:
    """Delete every API token of every user (a suspected compromise); returns how many."""
    deleted, _ = ApiToken.objects.all().delete()
    return deleted


def token_touch(token: ApiToken, *, now: datetime | None = None) -> None:
    """Record a use of the token, unless one was recorded less than a minute ago."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_PRECISION:
        return
    token.last_used_at = now
    # A conditional UPDATE, not save(): concurrent requests write it once, and a token
    # revoked meanwhile is not brought back.
    ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gte=now - LAST_USE_PRECISION).update(
        last_used_at=now
    )


class RevokeTokensOnPasswordChange:
    """In AUTH_PASSWORD_VALIDATORS for Django's password_changed() hook, which runs after
    every saved password change (forms, admin, set_password + save, changepassword).

    A changed password ends the user's other sessions through the session auth hash;
    this ends their API clients too. It checks nothing about the password itself.
    """

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            token_revoke_all(user=user)

    def get_help_text(self):
        return gettext("Changing it signs you out everywhere else and revokes your API tokens.")

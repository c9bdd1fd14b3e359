"""The API's tokens: obtained with a username and password (and the second factor when
the user's policy requires one), listed, created and revoked one by one by their owner.

Failed attempts, a wrong second factor included, count towards the same django-axes
lockout as the sign-in page; a locked-out caller gets 429 LOCKED_OUT (accounts.lockout),
even with the right password.
"""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from core.api.errors import ApiError
from core.api.permissions import MayWrite, WriteScope
from core.api.schema import errors
from core.api.serializers import ErrorSerializer
from core.api.tokens import token_create, token_issue, token_list, token_revoke, token_revoke_all
from core.models import ApiToken
from core.site_mode import require_may_enter

from . import second_factor
from .serializers import (
    ApiTokenSerializer,
    IssuedTokenSerializer,
    TokenCreateSerializer,
    TokenRequestSerializer,
)


def issued(token: ApiToken, secret: str) -> dict:
    return {"token": secret, **ApiTokenSerializer(token).data}


def _require_second_factor(request, user, code: str) -> None:
    if not second_factor.required_for(user):
        return
    if not code:
        raise ApiError(
            "SECOND_FACTOR_REQUIRED",
            gettext("This account needs a second factor: send a current code as `otp`."),
            fields={"otp": [gettext("Required for this account.")]},
        )
    if not second_factor.verify(user, code):
        # A wrong code counts towards the lockout as a wrong password does.
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        raise ApiError(
            "SECOND_FACTOR_INVALID",
            gettext("That code is not a current one."),
            fields={"otp": [gettext("Not a current code.")]},
        )


class TokenView(APIView):
    """POST a username and password for a new token; DELETE (with a token) revokes it."""

    throttle_scope = "token"

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated(), WriteScope(), MayWrite()]

    def get_throttles(self):
        if self.request.method == "POST":
            return [ScopedRateThrottle(), AnonRateThrottle()]
        return super().get_throttles()

    def get_authenticators(self):
        # Signing in needs no session: no CSRF check on the credentials exchange.
        if self.request is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    @extend_schema(
        auth=[],
        request=TokenRequestSerializer,
        responses={
            200: IssuedTokenSerializer,
            400: ErrorSerializer,
            401: OpenApiResponse(
                ErrorSerializer,
                description="AUTHENTICATION_FAILED (wrong username or password), "
                "SECOND_FACTOR_REQUIRED or SECOND_FACTOR_INVALID (field `otp`).",
            ),
            415: ErrorSerializer,
            429: OpenApiResponse(
                ErrorSerializer,
                description="THROTTLED, or LOCKED_OUT after repeated failed attempts.",
            ),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise ApiError("AUTHENTICATION_FAILED", gettext("Wrong username or password."))
        require_may_enter(user)  # no-access: only the secretariat gets a token
        _require_second_factor(request._request, user, serializer.validated_data.get("otp", ""))
        token, secret = token_issue(user=user)
        # A sign-in like the page's, without a session: last_login moves, and the lockout
        # counter for this username and address starts again.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response(issued(token, secret))

    @extend_schema(request=None, responses={204: None, **errors(401, 403, 429)})
    def delete(self, request):
        # The token the request came with; a browser session (no token) revokes them all.
        if isinstance(request.auth, ApiToken):
            token_revoke(user=request.user, token_id=request.auth.pk)
        else:
            token_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(APIView):
    """The caller's tokens that still work (never their secrets); POST makes a new one."""

    @extend_schema(responses={200: ApiTokenSerializer(many=True), **errors(401, 429)})
    def get(self, request):
        return Response(ApiTokenSerializer(token_list(user=request.user), many=True).data)

    @extend_schema(
        request=TokenCreateSerializer,
        responses={
            201: IssuedTokenSerializer,
            **errors(400, 401, 415, 429),
            403: OpenApiResponse(ErrorSerializer, description="TOKEN_SCOPE: a read-only token."),
        },
    )
    def post(self, request):
        serializer = TokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, secret = token_create(
            user=request.user,
            not_after=request.auth.expiry if isinstance(request.auth, ApiToken) else None,
            **serializer.validated_data,
        )
        return Response(issued(token, secret), status=status.HTTP_201_CREATED)


class TokenDetailView(APIView):
    """DELETE revokes one of the caller's tokens; anyone else's is 404."""

    @extend_schema(
        request=None,
        responses={204: None, **errors(401, 403, 404, 429)},
    )
    def delete(self, request, token_id):
        token_revoke(user=request.user, token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

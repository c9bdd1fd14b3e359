"""Tokens for API clients: obtained with a username and password, revoked on request.

Failed attempts count towards the same django-axes lockout as the sign-in page; a
locked-out caller gets 429 LOCKED_OUT (accounts.lockout), even with the right password.
"""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from core.site_mode import require_may_enter

from .errors import ApiError
from .serializers import ErrorSerializer, TokenRequestSerializer, TokenSerializer
from .tokens import token_issue, token_revoke_all


class TokenView(APIView):
    """POST a username and password for a token; DELETE (with the token) to revoke it."""

    throttle_scope = "token"

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

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
            200: TokenSerializer,
            400: ErrorSerializer,
            401: OpenApiResponse(ErrorSerializer, description="Wrong username or password."),
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
            raise ApiError("AUTHENTICATION_FAILED", "Wrong username or password.")
        require_may_enter(user)  # no-access: only the secretariat gets a token
        token = token_issue(user=user)
        # A sign-in like the page's, without a session: last_login moves, and the lockout
        # counter for this username and address starts again.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None, 401: ErrorSerializer, 429: ErrorSerializer})
    def delete(self, request):
        token_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

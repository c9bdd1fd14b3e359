"""The API's token exchange (/api/v1/auth/token/) and a person's tokens (/api/v1/tokens/)."""

from rest_framework import serializers

from core.models import ApiToken, TokenScope


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )
    otp = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="A current code from the authenticator app, or an unused recovery code: "
        "required when the user's policy requires a second factor.",
    )


class ApiTokenSerializer(serializers.ModelSerializer):
    expires = serializers.DateTimeField(source="expiry", read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "scope", "created", "expires", "last_used_at"]
        read_only_fields = fields


class IssuedTokenSerializer(ApiTokenSerializer):
    """A token just created, with its secret: the only answer that ever carries it."""

    token = serializers.CharField(read_only=True, help_text="Shown this once; store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = ["token", *ApiTokenSerializer.Meta.fields]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scope = serializers.ChoiceField(choices=TokenScope.choices, default=TokenScope.WRITE)
    expires_at = serializers.DateTimeField(
        required=False, help_text="Defaults to API_TOKEN_TTL from now."
    )

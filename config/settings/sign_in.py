"""Who signs in and how: invitations, API tokens, the lockout after failed sign-ins, and
django-allauth (second factor, sessions, password reset, single sign-on). Read into
config.settings.base; the apps and middleware they need are listed there."""

from datetime import timedelta

from .environment import env

# --- Invitations (operations.invitations) ----------------------------------------------
# An invitation's link works once, for this long after it is sent.
INVITATION_TTL_HOURS = env.float("INVITATION_TTL_HOURS", default=72)
# The site's address as people reach it, for links in emails sent without a request
# (`manage.py invite`); a page sending an invitation uses the address it was reached at.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# --- end of invitations ---

# API tokens expire this long after they were issued (401 TOKEN_EXPIRED; ask for a new one).
API_TOKEN_TTL = timedelta(hours=env.float("API_TOKEN_TTL_HOURS", default=24 * 7))
# --- API tokens (django-rest-knox): named, scoped, stored only as a hash -----------------
KNOX_TOKEN_MODEL = "core.ApiToken"  # noqa: S105  # nosec B105  # a model name, not a password
REST_KNOX = {"TOKEN_TTL": API_TOKEN_TTL, "AUTH_HEADER_PREFIX": "Token"}
# knox's own migrations would create its AuthToken table although core.ApiToken replaces
# it: an unused table holding a foreign key to every user (which PostgreSQL's TRUNCATE of
# the users then refuses). Without them the swapped-out model has no table at all.
MIGRATION_MODULES = {"knox": None}
# The longest a token made on the tokens page or through /api/v1/tokens/ may live.
API_TOKEN_MAX_TTL = timedelta(days=env.int("API_TOKEN_MAX_TTL_DAYS", default=365))
# --- end API tokens ---------------------------------------------------------------------

# Lockout after repeated failed sign-ins, on the sign-in page, the admin and the API token
# endpoint alike. Counted per username and client address together, so that one party
# cannot lock the other's officers out by guessing at their usernames from elsewhere.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts while locked out are refused without extending the lockout: it lifts
# AXES_COOLOFF_MINUTES after the failure that caused it, whatever happens meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["password"]

# --- Sign-in, second factor, sessions, reset and single sign-on (django-allauth) -------
# accounts/ holds the adapters, the per-role second-factor policy and its middleware.
# Sign-in is by username only, so Django's ModelBackend (case-sensitive, as the API token
# endpoint's) serves allauth too: no allauth backend, whose username match ignores case.
# No open sign-up: accounts come from the admin (and invitations), or from a mapped
# single sign-on identity (accounts.adapters).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True  # every session lasts SESSION_COOKIE_AGE
ACCOUNT_LOGOUT_ON_GET = False
# A change keeps the session that made it; every other session ends (the session auth
# hash), and core.api.tokens.RevokeTokensOnPasswordChange revokes the API tokens.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False  # a single-use link, PASSWORD_RESET_TIMEOUT
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=60 * 60)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ceasefire Verification] "
ACCOUNT_FORMS = {"login": "accounts.forms.SignInForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Ceasefire Verification Mechanism")
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("DJANGO_DEBUG", default=False)
# The second step counts towards axes' lockout like a wrong password (accounts.forms).
MFA_FORMS = {"authenticate": "accounts.forms.SecondStepForm"}
USERSESSIONS_TRACK_ACTIVITY = True
# A session's address by the same rule as the API throttles and axes (API_NUM_PROXIES).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("API_NUM_PROXIES", default=0)
# accounts.SecondFactorPolicy applies (only the test settings switch it off).
SECOND_FACTOR_POLICY_ENFORCED = True
# Single sign-on through OpenID Connect: off unless all four are set. Identities are
# mapped to an organisation and role by the secretariat (accounts.SingleSignOnMapping).
OIDC_PROVIDER_ID = env("OIDC_PROVIDER_ID", default="")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="Single sign-on")
OIDC_SERVER_URL = env("OIDC_SERVER_URL", default="")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_ENABLED = all([OIDC_PROVIDER_ID, OIDC_SERVER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET])
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": OIDC_PROVIDER_ID,
                    "name": OIDC_PROVIDER_NAME,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {"server_url": OIDC_SERVER_URL},
                }
            ]
            if OIDC_ENABLED
            else []
        ),
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never take over an account by its e-mail
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# --- end of allauth ---

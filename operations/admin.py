from .invitations import admin as invitations_admin  # noqa: F401  (registers Invitation)

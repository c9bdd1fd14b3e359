"""Invite a person from the command line, e.g. the first secretariat account of an install."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import CoChair, Party, Role
from core.errors import ServiceError
from operations.invitations.services import invitation_send
from operations.invitations.tokens import invitation_link


class Command(BaseCommand):
    help = (
        "Invite EMAIL into ROLE (and, for an officer or reviewer, the party or co-chair "
        "coded ORGANISATION). The link is emailed and printed here: it works once, for "
        "INVITATION_TTL_HOURS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--organisation",
            default="",
            help="Party code for an officer, co-chair code for a reviewer (e.g. PAK, TUR).",
        )
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="The site's address as the invitee reaches it (default: SITE_URL).",
        )

    def handle(self, *args, email, role, organisation, site_url, **options):
        party = cochair = None
        code = organisation.strip().upper()
        if role == Role.OFFICER:
            party = Party.objects.filter(code=code).first()
            if party is None:
                raise CommandError(f"No party with code {code!r}: --organisation names one.")
        elif role == Role.REVIEWER:
            cochair = CoChair.objects.filter(code=code).first()
            if cochair is None:
                raise CommandError(f"No co-chair with code {code!r}: --organisation names one.")
        elif code:
            raise CommandError(f"A {role} belongs to no organisation: leave out --organisation.")
        try:
            invitation = invitation_send(
                invited_by=None,
                email=email,
                role=role,
                party=party,
                cochair=cochair,
                base_url=site_url,
            )
        except ServiceError as refusal:
            fields = "; ".join(f"{k}: {' '.join(v)}" for k, v in refusal.fields.items())
            raise CommandError(f"{refusal.code}: {fields or refusal.detail}") from refusal
        self.stdout.write(
            f"Invited {invitation.email} as {invitation.get_role_display()}"
            + (f" of {invitation.organisation.name}" if invitation.organisation else "")
            + f", until {invitation.expires:%Y-%m-%d %H:%M} UTC. The link (also emailed):"
        )
        self.stdout.write(invitation_link(invitation, base_url=site_url))

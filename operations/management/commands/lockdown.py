from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core import site_mode
from core.errors import ServiceError
from core.models import Mode
from operations.lockdown.services import sessions_end_everyone, site_mode_switch


class Command(BaseCommand):
    help = (
        "Show or switch the mechanism's lockdown mode (normal, read_only, no_access), "
        "and sign out every session and revoke every API token. Acts as a secretariat user."
    )

    def add_arguments(self, parser):
        parser.add_argument("mode", nargs="?", choices=Mode.values, help="The mode to switch to.")
        parser.add_argument("--as", dest="username", help="The secretariat user who acts.")
        parser.add_argument("--reason", default="", help="Why (required to switch).")
        parser.add_argument(
            "--sign-out-everyone",
            action="store_true",
            help="End every session and revoke every API token.",
        )

    def handle(self, *args, mode, username, reason, sign_out_everyone, **options):
        if mode is None and not sign_out_everyone:
            state = site_mode.read()
            since = f" since {state.since:%Y-%m-%d %H:%M} UTC" if state.since else ""
            self.stdout.write(f"The mechanism is {state.label}{since}.")
            return
        if not username:
            raise CommandError("--as: name the secretariat user who acts.")
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"--as: no active user {username!r}.")
        try:
            if mode is not None:
                site_mode_switch(actor=actor, mode=mode, reason=reason)
                self.stdout.write(f"The mechanism is now {Mode(mode).label}.")
            if sign_out_everyone:
                ended = sessions_end_everyone(actor=actor)
                self.stdout.write(
                    f"Signed out {ended['sessions']} session(s); "
                    f"revoked {ended['tokens']} API token(s)."
                )
        except ServiceError as exc:
            fields = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.fields.items())
            raise CommandError(f"{exc.code}: {exc.detail}{' ' + fields if fields else ''}") from exc

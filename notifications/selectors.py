"""A person's notifications: only ever their own."""

from .models import Notification


def notifications_for(*, user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notifications_unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

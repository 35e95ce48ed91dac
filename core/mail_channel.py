"""The e-mail channel: delivers notifications over SMTP, or into ``<instance>/outbox``."""

from core.hookmarkers import hookimpl


@hookimpl
def deliver_notification(notification, user):
    """Send ``notification`` to ``user``'s e-mail address (see ``core.mail``), unless it was
    sent without the ``email`` channel."""
    from core.mail import send_notification
    from core.notifications import wants

    if wants(notification, "email"):
        send_notification(notification, user)

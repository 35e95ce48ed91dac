"""The e-mail channel: delivers notifications over SMTP, or into ``<instance>/outbox``."""

from core.hookmarkers import hookimpl


@hookimpl
def deliver_notification(notification, user):
    """Send ``notification`` to ``user``'s e-mail address (see ``core.mail``)."""
    from core.mail import send_notification

    send_notification(notification, user)

"""Errors that service functions raise and that pages and the API turn into answers."""

from __future__ import annotations


class NhipError(Exception):
    """Base of the errors a user can cause; ``status`` is the HTTP answer it maps to."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_json(self) -> dict:
        return {"error": self.message}


class ValidationError(NhipError):
    """Input fields are invalid; ``fields`` maps each field name to its message."""

    status = 422

    def __init__(self, fields: dict[str, str], message: str = "invalid fields") -> None:
        super().__init__(message)
        self.fields = dict(fields)

    def to_json(self) -> dict:
        return {"error": self.message, "fields": self.fields}

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.fields.items()) or self.message


class TransitionError(NhipError):
    """A state change that the workflow does not allow from the record's current state."""

    status = 409

    def __init__(self, message: str, allowed: list[str]) -> None:
        super().__init__(message)
        self.allowed = list(allowed)

    def to_json(self) -> dict:
        return {"error": self.message, "allowed": self.allowed}


class BusinessRuleError(NhipError):
    """A business rule refused the change (stock too short, approver not allowed, ...)."""

    status = 409


class Conflict(NhipError):
    """Someone else changed the record first: its state moved on, or its version is no longer
    the one the change was based on. ``state`` is the record's state now, ``version`` its
    version now, and ``changed`` maps each field changed since the caller's version to
    ``[value then, value now]`` (from the audit trail)."""

    status = 409

    def __init__(
        self,
        message: str,
        *,
        state: str | None = None,
        version: int | None = None,
        changed: dict[str, list] | None = None,
    ) -> None:
        super().__init__(message)
        self.state = state
        self.version = version
        self.changed = dict(changed or {})

    def to_json(self) -> dict:
        body: dict = {"error": self.message}
        if self.state is not None:
            body["state"] = self.state
        if self.version is not None:
            body["version"] = self.version
        body["changed"] = self.changed
        return body


class NotFound(NhipError):
    """No such entity type or record (or the caller may not see it)."""

    status = 404


class PermissionDenied(NhipError):
    """The caller lacks the permission the action needs."""

    status = 403


def no_such_record(entity_key: str, record_id: int) -> str:
    """The words for a reference to a record that does not exist, or that the caller may not
    name (outside their scope, or outside what the field accepts): one answer for all, so that
    it never tells whether the id exists."""
    return f"no {entity_key} with id {record_id}"


class PluginFailed(NhipError):
    """A plugin's implementation of a hook called inside a record's transaction
    (``entity_created``, ``entity_updated``, ``entity_transitioned``) raised: the change is
    rolled back and refused, naming the plugin. 500: the request was fine, the server's plugin
    was not, and sending it again will not help until the plugin is fixed or disabled."""

    status = 500

    def __init__(self, message: str, *, plugin: str, hook: str) -> None:
        super().__init__(message)
        self.plugin = plugin
        self.hook = hook

    def to_json(self) -> dict:
        return {"error": self.message, "plugin": self.plugin, "hook": self.hook}

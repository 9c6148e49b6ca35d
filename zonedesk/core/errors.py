"""Coded errors raised by services.

A service raises one of these; the web layer turns it into a message on the form, the API
layer into JSON with the same code, so a client can branch on ``code`` and a person reads
``message``. ``field`` names the input at fault when there is one.
"""

from __future__ import annotations

from django.utils.translation import gettext, pgettext


class ServiceError(Exception):
    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field

    def as_detail(self) -> dict:
        out: dict = {"detail": self.message, "code": self.code}
        if self.field:
            out["field"] = self.field
        return out


class ValidationFailed(ServiceError):
    """Input broke a rule; ``errors`` maps field names to messages."""

    status = 422

    def __init__(self, errors: dict[str, str], code: str = "invalid") -> None:
        first = next(iter(errors.items()))
        # The message is for people: every rule broken, never an internal field name in front
        # ("note: 材料齐全…" on a Chinese page). The field names stay in `errors` and the API's loc.
        separator = pgettext("clause separator", "；")
        super().__init__(code, separator.join(dict.fromkeys(str(m) for m in errors.values())), field=first[0])
        self.errors = errors

    def as_detail(self) -> dict:
        return {
            "detail": [{"loc": ["body", k], "msg": v, "type": self.code} for k, v in self.errors.items()]
        }


class Conflict(ServiceError):
    """Someone else changed the object first, or the object is in the wrong state."""

    status = 409


class NotFound(ServiceError):
    """Missing or not visible to the user: the two are indistinguishable on purpose."""

    status = 404

    def __init__(self, message: str | None = None) -> None:
        super().__init__("not_found", message if message is not None else gettext("对象不存在或无权查看"))


class Forbidden(ServiceError):
    """The user can see the object but may not do this to it."""

    status = 403

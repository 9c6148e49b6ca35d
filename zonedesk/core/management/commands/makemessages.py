"""`makemessages` that also extracts `_lazy(...)`: several apps import gettext_lazy under that
name (module-level labels next to a `gettext as _`), and xgettext knows only the names it is
told, so their strings never reached the English catalogue."""

from django.core.management.commands.makemessages import Command as MakeMessages


class Command(MakeMessages):
    xgettext_options = [*MakeMessages.xgettext_options, "--keyword=_lazy"]

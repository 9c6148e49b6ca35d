"""Names of reference data in the reader's language (issue 15).

Zones enter their reference data (approval items, materials, departments, project categories,
industry chains, appeal categories, industries) in Chinese; each may carry an optional English
name. In English mode the English name shows where there is one; where there is none the
Chinese name shows, marked ``lang="zh-Hans"`` so a screen reader reads it as Chinese and the
page walk (``testing/pagewalk.py``) can tell zone data from untranslated interface text.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _


def english_active() -> bool:
    return (translation.get_language() or "").startswith("en")


class EnglishNamed(models.Model):
    """Adds ``name_en`` to a model that has a Chinese ``name``."""

    name_en = models.CharField(_("英文名称"), max_length=200, blank=True,
                               help_text=_("英文界面显示此名称；留空时显示中文名称。"))

    class Meta:
        abstract = True

    @property
    def local_name(self) -> str:
        """The name in the active language, as plain text (selects, exports, messages)."""
        return self.name_en if self.name_en and english_active() else self.name  # type: ignore[attr-defined]

    def local_name_html(self) -> SafeString:
        """The name for a page: a Chinese fallback in English mode carries its language."""
        if english_active() and not self.name_en:
            return format_html('<span lang="zh-Hans">{}</span>', self.name)  # type: ignore[attr-defined]
        return format_html("{}", self.local_name)

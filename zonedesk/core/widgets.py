from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """<input type=date> wants ISO dates; the zh-hans display format (2012/05/18) would be
    dropped by the browser and a saved form would silently clear the date."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")

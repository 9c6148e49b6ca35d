"""Read back the PDFs the system writes (certificates, notices) with pypdf, a Python library,
so the tests need no system binary (poppler's pdftotext/pdffonts)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path | str) -> str:
    """The text of every page, in reading order, pages separated by a form feed."""
    reader = PdfReader(str(path))
    return "\f".join(page.extract_text() or "" for page in reader.pages)


@dataclass(frozen=True)
class PdfFont:
    name: str  # the base font name without the subset prefix, e.g. "WenQuanYiMicroHei"
    embedded: bool
    subset: bool


def pdf_fonts(path: Path | str) -> list[PdfFont]:
    """Each font the pages use: whether its program is embedded and whether it is a subset
    (a 6-letter tag + '+' in front of the name, PDF 32000-1 §9.6.4)."""
    reader = PdfReader(str(path))
    found: dict[str, PdfFont] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object().values() if fonts else []):
            font = ref.get_object()
            base = str(font.get("/BaseFont", ""))[1:]
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:  # Type0: the CID font holds it
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            tag, plus, rest = base.partition("+")
            subset = bool(plus) and len(tag) == 6 and tag.isupper()
            name = rest if subset else base
            found[name] = PdfFont(name=name, embedded=embedded, subset=subset)
    return list(found.values())

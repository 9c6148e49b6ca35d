"""No sentence is glued from pieces (issue 15): a translator sees whole sentences with named
placeholders ({% blocktranslate %}, ``_("…%(x)s…") % {...}``), never fragments joined in code.

The patterns found in the templates: a translated piece, a value and another translated piece
("已用" {{ n }} "个工作日"); a number followed by a translated unit or measure word
({{ n }}{% translate "个" %}); two translated pieces run together; a translated piece followed
by full-width punctuation the English page would show ({% translate "状态" %}：). In Python: a
translated piece joined with ``+`` or put together in an f-string.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "zonedesk"
T = r'\{% translate "[^"]*"(?: context "[^"]*")? %\}'
UNITS = "个|项|家|件|人|万元|亿元|元|亩|天|工作日|个工作日|年|个月|月|日|分|次|笔|宗|条"
TEMPLATE_GLUE = {
    "piece, value, piece": re.compile(T + r"[ \t]*\{\{[^}]*\}\}[ \t]*" + T),
    "number and unit": re.compile(r'\{\{[^}]*\}\}[ \t]*\{% translate "(?:' + UNITS + r')" %\}'),
    "two pieces": re.compile(r'\{% translate "[^"]*" %\}\{% translate "(?!：" context)[^"]*" %\}'),
    "full-width punctuation after a piece": re.compile(
        r'(?:\{% translate "[^"]*" %\}|\{% endblocktranslate %\})[：，。；（]'
    ),
}
PYTHON_GLUE = {
    "translated piece joined with +": re.compile(r'\b(?:_|gettext)\("[^"]*"\)\s*\+|\+\s*(?:_|gettext)\("'),
    "translated piece in an f-string": re.compile(r"""f["'][^"'\n]*\{(?:_|gettext)\("""),
}


def _hits(paths, patterns) -> list[str]:
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for name, pattern in patterns.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                out.append(f"{path.relative_to(ROOT)}:{line}: {name}: {match.group(0)[:120]}")
    return out


def test_the_patterns_find_glue() -> None:
    glued = '{% translate "已用" %} {{ s.used }} {% translate "个工作日" %}{{ n }}{% translate "个" %}'
    assert {name for name, p in TEMPLATE_GLUE.items() if p.search(glued)} == {
        "piece, value, piece",
        "number and unit",
    }
    assert TEMPLATE_GLUE["full-width punctuation after a piece"].search('{% translate "状态" %}：')
    assert not TEMPLATE_GLUE["full-width punctuation after a piece"].search(
        '{% translate "状态" %}{% translate "：" context "label colon" %}'
    )
    assert PYTHON_GLUE["translated piece joined with +"].search('_("阶段应为：") + "、".join(x)')
    assert not PYTHON_GLUE["translated piece joined with +"].search('_("阶段应为：%(c)s") % {"c": x}')


def test_no_template_glues_a_sentence() -> None:
    templates = sorted(ROOT.rglob("templates/**/*.html"))
    assert len(templates) > 100
    assert _hits(templates, TEMPLATE_GLUE) == []


def test_no_python_glues_a_translated_sentence() -> None:
    sources = [
        p for p in sorted(ROOT.rglob("*.py")) if "tests" not in p.parts and "migrations" not in p.parts
    ]
    assert _hits(sources, PYTHON_GLUE) == []


# Full-width punctuation around data (issue 15): outside a translated string a template's （）：、。
# 《》… reach the English page as they are. Translated strings, comments and the gettext calls in
# filter arguments are blanked first; what is left is markup and data.
_TRANSLATED = re.compile(
    r"\{%\s*translate\s.*?%\}|\{%\s*blocktranslate.*?%\}.*?\{%\s*endblocktranslate\s*%\}"
    r"|\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|_\(\"[^\"]*\"\)",
    re.S,
)
_FULL_WIDTH = re.compile(r"[（）：、。，；！？《》【】]")


def _untranslated_punctuation(text: str) -> list[str]:
    bare = _TRANSLATED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return [
        f"{n}: {line.strip()[:120]}" for n, line in enumerate(bare.split("\n"), 1) if _FULL_WIDTH.search(line)
    ]


def test_the_punctuation_check_finds_marks_outside_translations() -> None:
    assert _untranslated_punctuation("{{ d.name }}（{{ d.kind }}）")
    assert _untranslated_punctuation('{{ names|join:"、" }}')
    assert not _untranslated_punctuation('{{ d.name }}{% translate "：" context "label colon" %}{{ e }}')
    assert not _untranslated_punctuation("{% blocktranslate %}已合并至 {{ n }}。{% endblocktranslate %}")


def test_no_template_puts_full_width_punctuation_around_data() -> None:
    found = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        text = path.read_text("utf-8")
        found += [f"{path.relative_to(ROOT)}:{hit}" for hit in _untranslated_punctuation(text)]
    assert found == []

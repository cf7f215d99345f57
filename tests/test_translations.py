"""Every string has its French and English translation, and the compiled catalogues are current."""

import ast
import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# The project's catalogue (locale/) and each app's own (<app>/locale/).
FRENCH_CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po")
    if not {".venv", "site-packages"} & set(path.parts)
)


def entries(po_file: Path):
    """(msgid, msgstr, is_fuzzy) for each entry of a .po file (plural forms included).

    An entry with a context has the key gettext uses: "context\\x04msgid".
    """
    text = po_file.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        if not lines:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgctxt, msgid, msgstr, current = [], [], [], None
        for line in lines:
            if line.startswith("msgctxt "):
                current = msgctxt
            elif line.startswith("msgid "):
                current = msgid
            elif line.startswith("msgstr"):
                current = msgstr
            elif line.startswith("msgid_plural") or line.startswith("#"):
                if line.startswith("msgid_plural"):
                    current = None
                continue
            if current is not None and '"' in line:
                current.append(line[line.index('"') + 1 : line.rindex('"')])
        context = "".join(msgctxt)
        key = f"{context}\\x04{''.join(msgid)}" if context else "".join(msgid)
        yield key, "".join(msgstr), fuzzy


# The source strings are English, so French needs a translation for each of them (English
# catalogues exist so that an English page never falls back to another language).
@pytest.mark.parametrize("po_file", FRENCH_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_french_catalogue_is_complete_and_compiled(po_file):
    mo_file = po_file.with_suffix(".mo")
    missing = [
        msgid for msgid, msgstr, fuzzy in entries(po_file) if msgid and (fuzzy or not msgstr)
    ]
    assert not missing, f"untranslated in {po_file}: {missing[:10]}"
    with mo_file.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    stale = [
        msgid
        for msgid, _msgstr, _fuzzy in entries(po_file)
        if msgid
        and ast.literal_eval(f'"{msgid}"') not in compiled
        and (ast.literal_eval(f'"{msgid}"'), 0) not in compiled
    ]
    assert not stale, f"{mo_file} is older than its .po: run `make messages` ({stale[:5]})"


def msgids(po_file: Path) -> set[str]:
    return {msgid for msgid, _msgstr, _fuzzy in entries(po_file) if msgid}


def test_every_string_of_the_code_is_in_a_french_catalogue(tmp_path):
    """`make messages` on a copy of the tree finds no string that the catalogues lack."""
    if shutil.which("xgettext") is None:
        raise RuntimeError("GNU gettext is needed: apt-get install -y gettext")
    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".data", ".git", "staticfiles", ".test-output"),
    )
    subprocess.run(
        ["make", "-s", f"BIN={ROOT / '.venv' / 'bin'}", "STAMP=", "messages"],
        cwd=copy,
        check=True,
        capture_output=True,
        # The copy's settings reuse the running embedded database instead of starting another.
        env={**os.environ, "CARNET_DATA_DIR": str(settings.DATA_DIR)},
        timeout=300,
    )
    for po_file in FRENCH_CATALOGUES:
        regenerated = copy / po_file.relative_to(ROOT)
        new = msgids(regenerated) - msgids(po_file)
        assert not new, (
            f"not in {po_file.relative_to(ROOT)}, run `make messages`: {sorted(new)[:10]}"
        )
    new_catalogues = {p.relative_to(copy) for p in copy.glob("*/locale/fr/LC_MESSAGES/django.po")}
    assert new_catalogues <= {p.relative_to(ROOT) for p in FRENCH_CATALOGUES}


def test_a_string_translates_the_same_in_every_catalogue():
    """Django merges the apps' catalogues (the first app listed wins): one msgid translated
    two ways would silently show the other app's wording (« Raison » for « Motif »)."""
    translations = {}
    for po_file in FRENCH_CATALOGUES:
        for msgid, msgstr, _fuzzy in entries(po_file):
            if msgid and msgstr:
                translations.setdefault(msgid, {}).setdefault(msgstr, []).append(po_file)
    clashes = {msgid: found for msgid, found in translations.items() if len(found) > 1}
    assert not clashes, clashes


TRANSLATION_CALLS = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext", "npgettext"}


def test_no_translation_call_hides_inside_an_f_string():
    """xgettext does not read f-strings: `f"{_('overdue')} · {due}"` never reached a catalogue,
    and « overdue » showed in English on French lists. Format a translated string instead."""
    hidden = []
    for path in ROOT.glob("**/*.py"):
        if {".venv", "site-packages", "tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in TRANSLATION_CALLS
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert not hidden, hidden

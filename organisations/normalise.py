"""What two organisations share when they are the same: a normalised name, an email domain.

Pure functions and query expressions, no model: `organisations.models` keeps `name_key` and
indexes the email domain with them, and the duplicate lookups (`organisation_duplicates`) use
them too.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Lower

# French legal forms removed from names before comparing them (as whole words).
LEGAL_FORMS = frozenset(
    [
        "sa",
        "sas",
        "sasu",
        "sarl",
        "eurl",
        "sci",
        "snc",
        "scs",
        "sca",
        "scop",
        "scic",
        "sel",
        "selarl",
        "selas",
        "selafa",
        "selca",
        "selcs",
        "gie",
        "gaec",
        "ei",
        "eirl",
        "earl",
        "sem",
        "spl",
        "eig",
        "ste",
        "etablissements",
        "ets",
        "cie",
        "co",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "plc",
        "bv",
        "nv",
        "ag",
        "srl",
        "spa",
    ]
)
# Letters that Unicode does not decompose into a base letter and an accent.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})
# "S.A.R.L." -> "SARL" before punctuation becomes spaces.
DOTTED_ACRONYM = re.compile(r"\b(?:\w\.){2,}")
NON_WORD = re.compile(r"[\W_]+")
# Public mail providers: a shared domain says nothing about the organisation.
PUBLIC_EMAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.fr",
        "yahoo.com",
        "hotmail.fr",
        "hotmail.com",
        "outlook.fr",
        "outlook.com",
        "live.fr",
        "live.com",
        "msn.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "laposte.net",
        "bbox.fr",
        "icloud.com",
        "me.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "gmx.fr",
        "gmx.com",
    ]
)


def strip_accents(text: str) -> str:
    """Lower case, without accents or ligatures: « Œuvre Éco » -> "oeuvre eco"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_organisation_name(name: str) -> str:
    """The key two names share when they name the same organisation.

    Lower case, no accents, no legal form (SA, SAS, SARL, EURL, SASU, SCI…), punctuation
    collapsed: « Société Dupont SAS » and « societe dupont » give "societe dupont".
    """
    text = strip_accents(name or "")
    text = DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    words = [w for w in NON_WORD.split(text) if w]
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)[:200]


def email_domain_expression(field_name: str = "email"):
    """lower(split_part(email, '@', 2)): the indexed domain of an email column."""
    return Lower(
        Func(F(field_name), Value("@"), Value(2), function="split_part", output_field=CharField())
    )


def email_domain(email: str) -> str:
    """The domain of an email address, lower case ("" when there is none)."""
    _, at, domain = (email or "").strip().rpartition("@")
    return domain.lower() if at else ""

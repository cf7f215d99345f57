"""Which column goes into which field: suggested from the headers, remembered per workspace.

A header is compared once normalised (lower case, no accents, punctuation as spaces) with
the names of usual exports (Outlook in French and English, Google Contacts, HubSpot, LinkedIn
connections), with each field's name in French and in English, and with the workspace's own
names for its objects (so that Carnet's own export comes back column for column).
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import translation

from imports.models import ImportMapping
from imports.targets import SIREN_SUFFIX, declaration, normalise_header, targets

COMPANY = [
    "entreprise",
    "societe",
    "organisation",
    "organization",
    "company",
    "company name",
    "nom de l entreprise",
    "organization name",
    "organization 1 name",
    "employeur",
    "raison sociale",
    "structure",
]
ALIASES: dict[str, list[str]] = {
    "first_name": ["prenom", "first name", "firstname", "given name", "prenom s"],
    "last_name": ["nom", "last name", "lastname", "family name", "surname", "nom de famille"],
    "email": [
        "email",
        "e mail",
        "mail",
        "courriel",
        "adresse de messagerie",
        "adresse e mail",
        "adresse email",
        "email address",
        "e mail address",
        "e mail 1 value",
        "email 1 value",
        "adresse de messagerie 1",
    ],
    "phone": [
        "telephone",
        "tel",
        "phone",
        "phone number",
        "telephone bureau",
        "telephone professionnel",
        "business phone",
        "phone 1 value",
        "numero de telephone",
    ],
    "mobile": [
        "mobile",
        "portable",
        "tel mobile",
        "telephone mobile",
        "telephone portable",
        "mobile phone",
        "mobile phone number",
    ],
    "job_title": [
        "fonction",
        "poste",
        "job title",
        "position",
        "organization 1 title",
        "organization title",
    ],
    "organisation": COMPANY,
    "company_name": COMPANY,
    "name": ["nom", "name", *COMPANY],
    "siren": ["siren", "n siren", "numero siren", "siren number"],
    "street": [
        "adresse",
        "rue",
        "street",
        "address",
        "street address",
        "rue bureau",
        "business street",
        "address 1 street",
        "adresse postale",
    ],
    "postal_code": [
        "code postal",
        "cp",
        "postal code",
        "zip",
        "zip code",
        "code postal bureau",
        "business postal code",
        "address 1 postal code",
    ],
    "city": ["ville", "city", "commune", "ville bureau", "business city", "address 1 city"],
    "country": [
        "pays",
        "country",
        "pays region",
        "pays region bureau",
        "country region",
        "business country region",
        "address 1 country",
    ],
    "website": ["site web", "site internet", "website", "web site", "site", "url", "web page"],
    "description": ["description", "activite"],
    "labels": ["etiquettes", "labels", "tags", "categories", "groupes", "group membership"],
    "owner": ["proprietaire", "owner", "responsable", "contact owner", "lead owner"],
    "source": ["source", "origine", "lead source", "original source"],
    "title": [
        "titre",
        "title",
        "intitule",
        "nom de l affaire",
        "affaire",
        "deal name",
        "opportunite",
    ],
    "workflow": ["workflow", "processus", "pipeline", "pipeline de vente", "flux"],
    "stage": ["etape", "stage", "deal stage", "phase", "statut de l affaire"],
    "amount": ["montant", "amount", "valeur", "value", "montant eur", "amount eur"],
    "expected_close_date": [
        "date de cloture prevue",
        "date de cloture",
        "cloture prevue",
        "close date",
        "expected close date",
        "closing date",
        "echeance",
    ],
    "contact": [
        "contact",
        "contact principal",
        "email du contact",
        "contact email",
        "associated contact",
    ],
}


def header_key(object_key: str, headers: list[str]) -> str:
    joined = "\x1f".join(normalise_header(h) for h in headers)
    return hashlib.sha256(f"{object_key}\x1e{joined}".encode()).hexdigest()


def _names(object_key: str, object_settings) -> dict[str, str]:
    """normalised name -> field, best first: the workspace's labels, French and English
    names, then the usual exports' names."""
    names: dict[str, str] = {}
    fields = declaration(object_key)
    available = targets(object_key, object_settings)
    for language in ("fr", "en"):
        with translation.override(language):
            for target in targets(object_key, object_settings):
                names.setdefault(normalise_header(target.label), target.name)
            for f in fields:
                if f.form and any(t.name == f.name for t in available):
                    verbose = fields.model._meta.get_field(f.name).verbose_name
                    names.setdefault(normalise_header(str(verbose)), f.name)
    for target in available:
        if target.name.endswith(SIREN_SUFFIX):
            for alias in ALIASES["siren"]:
                names.setdefault(alias, target.name)
            continue
        for alias in ALIASES.get(target.name, []):
            names.setdefault(alias, target.name)
    return names


def suggest(object_key: str, headers: list[str], object_settings) -> list[str]:
    """One field per column ("" to ignore it): the remembered mapping of these headers, else
    the names' suggestions (a field goes to its first column only)."""
    remembered = ImportMapping.objects.filter(
        object_key=object_key, header_key=header_key(object_key, headers)
    ).first()
    allowed = {t.name for t in targets(object_key, object_settings)}
    if remembered is not None and len(remembered.mapping) == len(headers):
        return [name if name in allowed else "" for name in remembered.mapping]
    names = _names(object_key, object_settings)
    used: set[str] = set()
    mapping = []
    for header in headers:
        name = names.get(normalise_header(header), "")
        if name in used:
            name = ""
        used.add(name)
        mapping.append(name)
    return mapping


@transaction.atomic
def mapping_remember(*, object_key: str, headers: list[str], mapping: list[str]) -> None:
    """Offer this mapping again for a file with the same column names."""
    ImportMapping.objects.update_or_create(
        object_key=object_key,
        header_key=header_key(object_key, headers),
        defaults={"mapping": mapping},
    )

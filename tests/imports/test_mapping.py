"""Columns suggested from the headers of usual exports, and remembered per workspace."""

import pytest

from imports.mapping import mapping_remember, suggest
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


def test_outlook_french_export(alpha, settings_of):
    headers = [
        "Prénom",
        "Nom",
        "Adresse de messagerie",
        "Société",
        "Téléphone (bureau)",
        "Tél. mobile",
        "Fonction",
        "Ville (bureau)",
    ]
    with alpha:
        assert suggest("contact", headers, settings_of) == [
            "first_name",
            "last_name",
            "email",
            "organisation",
            "phone",
            "mobile",
            "job_title",
            "city",
        ]


def test_google_contacts_export(alpha, settings_of):
    headers = [
        "Given Name",
        "Family Name",
        "E-mail 1 - Value",
        "Phone 1 - Value",
        "Organization 1 - Name",
        "Group Membership",
        "Notes",
    ]
    with alpha:
        assert suggest("contact", headers, settings_of) == [
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation",
            "labels",
            "",  # contacts keep notes in their activity, not in a field
        ]


def test_hubspot_and_linkedin(alpha, settings_of):
    with alpha:
        assert suggest(
            "contact",
            ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
            settings_of,
        ) == [
            "first_name",
            "last_name",
            "email",
            "organisation",
            "job_title",
            "",
        ]
        assert suggest(
            "prospect",
            ["First Name", "Last Name", "Email", "Company Name", "Lead Source"],
            settings_of,
        ) == [
            "first_name",
            "last_name",
            "email",
            "company_name",
            "source",
        ]


def test_organisations_and_a_field_taken_once(alpha, settings_of):
    with alpha:
        assert suggest(
            "organisation", ["Raison sociale", "SIREN", "Nom", "Site web", "CP"], settings_of
        ) == [
            "name",
            "siren",
            "",
            "website",
            "postal_code",
        ]


def test_renamed_object_names_count(alpha, settings_of):
    from workspaces.object_settings import ObjectSettings

    object_setting_update(
        workspace=alpha, key="organisation", singular="Association", plural="Associations"
    )
    renamed = ObjectSettings.load(alpha)
    with alpha:
        assert suggest("contact", ["Association", "SIREN"], renamed) == [
            "organisation",
            "organisation.siren",
        ]


def test_last_mapping_is_remembered_for_the_same_headers(alpha, settings_of):
    headers = ["Col A", "Col B"]
    with alpha:
        assert suggest("contact", headers, settings_of) == ["", ""]
        mapping_remember(object_key="contact", headers=headers, mapping=["email", "city"])
        assert suggest("contact", ["col a", "COL B"], settings_of) == ["email", "city"]
        assert suggest("organisation", headers, settings_of) == ["", ""]

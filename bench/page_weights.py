"""Page weights (not a test): the HTML of the dashboard, the contact list, the board and two
record pages of the demo workspace (`make setup`'s), raw and gzipped as GZipMiddleware sends
it, plus the CSS and JS files each page links (their sizes, and gzipped at level 9 as
WhiteNoise's compressed copies). Run `collectstatic` first (`make run` does).

    .venv/bin/python bench/page_weights.py
"""

import gzip
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm_project.settings")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from contacts.models import Contact  # noqa: E402
from opportunities.models import Opportunity  # noqa: E402
from workspaces.models import Workspace  # noqa: E402

ASSET = re.compile(rb'(?:href|src)="/static/([^"?]+?)(?:\.[0-9a-f]{12})?\.(css|js)"')


def assets_size(body: bytes) -> dict[str, tuple[int, int]]:
    """{"css": (bytes, gzipped bytes), "js": (…)} of the static files the page links."""
    sizes = {"css": [0, 0], "js": [0, 0]}
    for stem, ext in dict.fromkeys(ASSET.findall(body)):
        found = finders.find(f"{stem.decode()}.{ext.decode()}")
        if found:
            data = Path(found).read_bytes()
            sizes[ext.decode()][0] += len(data)
            sizes[ext.decode()][1] += len(gzip.compress(data, 9))
    return {kind: tuple(pair) for kind, pair in sizes.items()}


def main():
    workspace = Workspace.objects.get(schema_name="demo")
    client = Client(HTTP_HOST=workspace.host, HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(User.objects.get(email="demo@example.com"))
    with workspace:
        contact = Contact.objects.order_by("pk").first()
        opportunity = Opportunity.objects.order_by("pk").first()
    pages = {
        "dashboard": "/",
        "contact list": "/contacts/",
        "board": "/opportunities/board/",
        "contact record": f"/contacts/{contact.pk}/",
        "opportunity record": f"/opportunities/{opportunity.pk}/",
    }
    kb = 1024
    for name, path in pages.items():
        body = client.get(path).content
        zipped = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert zipped.get("Content-Encoding") == "gzip", path
        sizes = assets_size(body)
        print(
            f"{name:20} HTML {len(body) / kb:6.1f} KB, gzip {len(zipped.content) / kb:5.1f} KB"
            f" | CSS {sizes['css'][0] / kb:5.1f} KB (gzip {sizes['css'][1] / kb:4.1f})"
            f" | JS {sizes['js'][0] / kb:5.1f} KB (gzip {sizes['js'][1] / kb:4.1f})"
        )


if __name__ == "__main__":
    main()

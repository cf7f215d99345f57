"""Pages travel compressed: HTML through GZipMiddleware, static files as compressed at
collectstatic by WhiteNoise."""

import gzip

import crm_project.settings as production


def test_a_page_comes_back_gzipped_to_a_browser_that_accepts_it(client_on, alpha, alice):
    response = client_on(alpha, alice).get("/contacts/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert html.rstrip().endswith("</html>")
    assert len(response.content) < len(html.encode()) / 3


def test_a_page_is_sent_plain_to_a_client_that_does_not_accept_gzip(client_on, alpha, alice):
    response = client_on(alpha, alice).get("/contacts/")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert response.content.decode().rstrip().endswith("</html>")


def test_htmx_fragments_and_public_pages_are_gzipped_too(client_on, alpha, alice, public_client):
    fragment = client_on(alpha, alice).get(
        "/contacts/", HTTP_HX_REQUEST="true", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert fragment["Content-Encoding"] == "gzip"
    assert b"<html" not in gzip.decompress(fragment.content)
    login = public_client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert login["Content-Encoding"] == "gzip"


def test_static_files_are_compressed_when_collected():
    # WhiteNoise answers static files before GZipMiddleware sees them: they are compressed once,
    # at collectstatic (development, DEBUG=1, serves them from the source folders instead).
    middleware = production.MIDDLEWARE
    assert middleware.index("django.middleware.gzip.GZipMiddleware") > middleware.index(
        "whitenoise.middleware.WhiteNoiseMiddleware"
    )
    backend = production.STORAGES["staticfiles"]["BACKEND"]
    expected = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert backend == expected or production.DEBUG

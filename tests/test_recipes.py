"""The web-server recipes of pipeline/puentes/web/recipes/, proven on Debian's real nginx and
Apache 2.4: a folder written by `puentes publish` (under a umask of 077, to prove the files
are world-readable anyway: the workers run as www-data when the suite runs as root), served
on 127.0.0.1, answers resource IRIs with 303 See Other + ``Vary: Accept`` to the document the
Accept header asks for, and every kind of file with its media type."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from webservers import MissingServer, apache, nginx

from puentes.paths import project_root
from puentes.query import store_from_files
from puentes.web.publish import publish

# slow: nginx and Apache serving a published site
pytestmark = [pytest.mark.slow, pytest.mark.server]
FIXTURE = project_root() / "tests" / "fixtures" / "example-graph.ttl"
SERVERS = {"nginx": nginx, "apache": apache}
RESOURCE = "/id/organization/example-body"
NEGOTIATION = [  # Accept header → the document's extension and media type
    ("text/turtle", ".ttl", "text/turtle"),
    ("application/ld+json", ".jsonld", "application/ld+json"),
    ("application/n-triples", ".nt", "application/n-triples"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ".html", "text/html"),
    ("", ".html", "text/html"),
    # RDF/XML is not published per resource: the HTML page is the answer
    ("application/rdf+xml", ".html", "text/html"),
]
FILES = {  # a published file of every kind → its media type
    "/index.html": "text/html",
    "/static/site/site.css": "text/css",
    "/id/organization/example-body.html": "text/html",
    "/id/organization/example-body.ttl": "text/turtle",
    "/id/organization/example-body.jsonld": "application/ld+json",
    "/id/organization/example-body.nt": "application/n-triples",
    "/dumps/puentes.ttl.gz": "application/gzip",
    "/dumps/puentes.nq.gz": "application/gzip",
    "/dumps/graphs/file-0.ttl.gz": "application/gzip",
    "/dumps/SHA256SUMS": "text/plain",
    "/context.jsonld": "application/ld+json",
    "/catalog.ttl": "text/turtle",
    "/catalog.jsonld": "application/ld+json",
    "/.well-known/void": "text/turtle",
    "/ontology/puentes.rdf": "application/rdf+xml",
    "/ontology/puentes.ttl": "text/turtle",
    "/queries/queries.ttl": "text/turtle",
    "/sitemap.xml": ("text/xml", "application/xml"),
}


@pytest.fixture(scope="module")
def site():
    # not under pytest's tmp_path: that lives in a 0700 folder the www-data workers cannot
    # enter; a web server's document root sits in a world-traversable folder
    parent = Path(tempfile.mkdtemp(prefix="puentes-recipes-"))
    os.chmod(parent, 0o755)
    out = parent / "site"
    old = os.umask(0o077)
    try:
        publish(store_from_files([FIXTURE]),
                out, ontology_docs=False)
    finally:
        os.umask(old)
    yield out
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="module", params=sorted(SERVERS))
def server(request, site):
    try:
        with SERVERS[request.param](site) as base:
            yield request.param, base
    except MissingServer as err:
        pytest.skip(str(err))


def test_published_files_are_world_readable(site):
    for path in [site, *site.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


@pytest.mark.parametrize("accept,ext,media", NEGOTIATION)
def test_resource_iri_answers_303_with_vary_accept(server, accept, ext, media):
    name, base = server
    r = requests.get(base + RESOURCE, headers={"Accept": accept} if accept else {},
                     allow_redirects=False, timeout=10)
    assert r.status_code == 303, (name, r.status_code, r.text[:300])
    assert "accept" in r.headers.get("Vary", "").lower(), (name, r.headers)
    assert r.headers["Location"].endswith(RESOURCE + ext), (name, r.headers["Location"])
    doc = requests.get(base + RESOURCE, headers={"Accept": accept} if accept else {},
                       timeout=10)
    assert doc.status_code == 200 and doc.url.endswith(ext), (name, doc.url)
    assert doc.headers["Content-Type"].split(";")[0] == media, (name, doc.headers)


def test_concepts_of_the_schemes_negotiate_too(server):
    name, base = server
    r = requests.get(base + "/scheme/membership-role/founding-member",
                     headers={"Accept": "text/turtle"}, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["Location"].endswith("founding-member.ttl"), name


@pytest.mark.parametrize("path", sorted(FILES))
def test_every_kind_of_file_has_its_media_type(server, site, path):
    name, base = server
    r = requests.get(base + path, timeout=10)
    assert r.status_code == 200, (name, path, r.status_code)
    expected = FILES[path] if isinstance(FILES[path], tuple) else (FILES[path],)
    assert r.headers["Content-Type"].split(";")[0].strip() in expected, (name, path, r.headers)
    assert "Content-Encoding" not in r.headers or path.endswith(".html"), (name, r.headers)
    if path.endswith(".gz"):  # the bytes of the file, whose SHA-256 the catalogue gives
        assert r.content == (site / path.lstrip("/")).read_bytes()


def test_unknown_resources_and_private_files_are_not_served(server):
    name, base = server
    assert requests.get(base + "/id/organization/nobody", allow_redirects=False,
                        timeout=10).status_code == 404, name
    for hidden in ("/.puentes-site", "/.htaccess"):
        assert requests.get(base + hidden, timeout=10).status_code in (403, 404), (name, hidden)
    assert requests.get(base + "/", timeout=10).status_code == 200


def test_nginx_recipe_installs_in_debians_layout_as_the_docs_say(tmp_path):
    """docs/publishing.md's steps on a copy of Debian's /etc/nginx: the snippet and the site
    file go where the docs put them, the default site goes, and `nginx -t` accepts the whole
    configuration (Debian's nginx.conf included as it is, paths moved to the copy)."""
    from puentes.web.publish.site import RECIPES

    if not Path("/etc/nginx/nginx.conf").is_file() or not shutil.which("nginx") and \
            not os.access("/usr/sbin/nginx", os.X_OK):
        pytest.skip("Debian's nginx is not installed (scripts/install-system-deps.sh)")
    etc = tmp_path / "nginx"
    shutil.copytree("/etc/nginx", etc, symlinks=True)
    for name in ("snippets", "sites-available", "sites-enabled"):
        (etc / name).mkdir(exist_ok=True)
    shutil.copy(RECIPES / "nginx-puentes.conf", etc / "snippets" / "puentes.conf")
    shutil.copy(RECIPES / "nginx-site.conf", etc / "sites-available" / "puentes")
    (etc / "sites-enabled" / "default").unlink(missing_ok=True)
    (etc / "sites-enabled" / "puentes").symlink_to(etc / "sites-available" / "puentes")
    for conf in (etc / "nginx.conf", etc / "sites-available" / "puentes"):
        conf.write_text(conf.read_text().replace("/etc/nginx", str(etc))
                        .replace("/run/nginx.pid", str(tmp_path / "nginx.pid")))
    proc = subprocess.run(["/usr/sbin/nginx", "-t", "-c", str(etc / "nginx.conf"),
                           "-g", f"error_log {tmp_path}/error.log;"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "test is successful" in proc.stderr


def test_apache_recipe_works_in_debians_layout_as_the_docs_say(site):
    """Debian's whole Apache configuration (default modules, conf-enabled, security.conf),
    with the steps of docs/publishing.md, serves the published folder correctly."""
    from webservers import apache_debian_layout

    with ExitStack() as stack:
        try:
            base = stack.enter_context(apache_debian_layout(site))
        except MissingServer as err:
            pytest.skip(str(err))
        r = requests.get(base + RESOURCE, headers={"Accept": "text/turtle"},
                         allow_redirects=False, timeout=10)
        assert r.status_code == 303 and r.headers["Location"].endswith(RESOURCE + ".ttl")
        assert "accept" in r.headers.get("Vary", "").lower()
        assert requests.get(base + "/static/site/site.css", timeout=10).headers[
            "Content-Type"].startswith("text/css")
        assert requests.get(base + "/dumps/puentes.nt.gz", timeout=10).headers[
            "Content-Type"] == "application/gzip"

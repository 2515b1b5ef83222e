"""Debian's real nginx and Apache 2.4, started by the tests as non-daemon processes on a free
127.0.0.1 port, each with a configuration of its own in a temporary folder (nothing under
/etc is changed) and the recipes of pipeline/puentes/web/recipes/ included as they are shipped.

Run as root (CI), the worker processes run as www-data, like a real installation: the
published files must then be world-readable. The helpers raise ``MissingServer`` when the
binary is absent, so that the tests skip cleanly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from servers import free_port, stop

from puentes.web.publish.site import RECIPES

NGINX = "/usr/sbin/nginx"
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")


class MissingServer(RuntimeError):
    """The web server binary is not installed."""


def _user_directive(kind: str) -> str:
    if os.geteuid() != 0:
        return ""
    return "user www-data;" if kind == "nginx" else "User www-data\nGroup www-data"


def _wait(url: str, proc: subprocess.Popen, log: Path, seconds: float = 15) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}): "
                               f"{proc.stderr.read().decode() if proc.stderr else ''} "
                               f"{log.read_text() if log.exists() else ''}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up in {seconds}s")


def nginx_site_block(port: int, site: Path) -> str:
    """The shipped nginx-site.conf with only its listen port and root changed (the test's
    port and folder) and its include pointed at the shipped snippet."""
    text = (RECIPES / "nginx-site.conf").read_text()
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "listen [::]:80;\n", "").replace("root /srv/puentes/site;", f"root {site};")
    return text.replace("/etc/nginx/snippets/puentes.conf", str(RECIPES / "nginx-puentes.conf"))


@contextmanager
def nginx(site: Path, port: int | None = None) -> Iterator[str]:
    """nginx serving ``site`` with the shipped recipe; yields its base URL."""
    with _server_folder(NGINX, "nginx", port) as (tmp, port):
        conf = tmp / "nginx.conf"
        conf.write_text(f"""
{_user_directive("nginx")}
worker_processes 1;
daemon off;
master_process on;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    {nginx_site_block(port, site)}
}}
""")
        with _running([NGINX, "-c", str(conf), "-p", str(tmp)], port, tmp) as base:
            yield base


def apache_site_block(port: int, site: Path) -> str:
    """The shipped apache-site.conf with only its port and folder changed."""
    text = (RECIPES / "apache-site.conf").read_text()
    return text.replace("<VirtualHost *:80>", f"<VirtualHost 127.0.0.1:{port}>").replace(
        "/srv/puentes/site", str(site))


@contextmanager
def apache(site: Path, port: int | None = None) -> Iterator[str]:
    """Apache 2.4 serving ``site`` with the shipped vhost and the .htaccess that publish
    wrote; yields its base URL."""
    modules = ["mpm_event", "authz_core", "authz_host", "mime", "dir", "rewrite", "headers",
               "alias", "unixd" if (APACHE_MODULES / "mod_unixd.so").exists() else None]
    loads = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in modules
                      if m and (APACHE_MODULES / f"mod_{m}.so").exists())
    with _server_folder(APACHE, "apache", port) as (tmp, port):
        conf = tmp / "apache2.conf"
        conf.write_text(f"""
ServerRoot {tmp}
ServerName 127.0.0.1
DefaultRuntimeDir {tmp}
PidFile {tmp}/apache2.pid
Mutex file:{tmp} default
ErrorLog {tmp}/error.log
LogLevel warn
Listen 127.0.0.1:{port}
{loads}
{_user_directive("apache")}
TypesConfig /etc/mime.types
<Directory />
    AllowOverride None
    Require all denied
</Directory>
{apache_site_block(port, site)}
""")
        env = dict(os.environ, APACHE_RUN_DIR=str(tmp), APACHE_LOCK_DIR=str(tmp),
                   APACHE_LOG_DIR=str(tmp))
        with _running([APACHE, "-f", str(conf), "-DFOREGROUND"], port, tmp, env) as base:
            yield base


@contextmanager
def _server_folder(exe: str, name: str, port: int | None) -> Iterator[tuple[Path, int]]:
    """A web server's own folder (readable by its workers) and its port, once ``exe`` is
    known to be installed."""
    if not os.access(exe, os.X_OK):
        raise MissingServer(f"{exe} is not installed (scripts/install-system-deps.sh)")
    with tempfile.TemporaryDirectory(prefix=f"puentes-{name}-") as tmp:
        os.chmod(tmp, 0o755)
        yield Path(tmp), port or free_port()


@contextmanager
def _running(cmd: list[str], port: int, tmp: Path, env: dict | None = None) -> Iterator[str]:
    """Start a web server, wait until it answers on 127.0.0.1:``port`` (its error log in
    ``tmp`` explains a failure), yield its base URL, stop it."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/", proc, tmp / "error.log")
        yield base
    finally:
        stop(proc, 10)


def which_servers() -> list[str]:
    """The web servers installed here."""
    return [name for name, exe in (("nginx", NGINX), ("apache", APACHE))
            if os.access(exe, os.X_OK) or shutil.which(name)]


@contextmanager
def apache_debian_layout(site: Path, port: int | None = None) -> Iterator[str]:
    """Debian's own Apache configuration (a copy of /etc/apache2), set up as
    docs/publishing.md says — `a2enmod rewrite headers`, the shipped vhost in
    sites-available, enabled, the default site disabled — with only the port and the site
    folder changed; yields its base URL."""
    if not Path("/etc/apache2/apache2.conf").is_file():
        raise MissingServer("/etc/apache2 is not there (scripts/install-system-deps.sh)")
    with _server_folder(APACHE, "apache-debian", port) as (tmp, port):
        etc = tmp / "apache2"
        shutil.copytree("/etc/apache2", etc, symlinks=True)
        for mod in ("rewrite", "headers"):  # what `a2enmod rewrite headers` does
            link = etc / "mods-enabled" / f"{mod}.load"
            if not link.exists():
                link.symlink_to(f"../mods-available/{mod}.load")
        (etc / "sites-enabled" / "000-default.conf").unlink(missing_ok=True)  # a2dissite
        (etc / "sites-available" / "puentes.conf").write_text(apache_site_block(port, site)
                                                              .replace(f"127.0.0.1:{port}>",
                                                                       f"*:{port}>"))
        (etc / "sites-enabled" / "puentes.conf").symlink_to("../sites-available/puentes.conf")
        ports = etc / "ports.conf"
        ports.write_text(ports.read_text().replace("Listen 80", f"Listen 127.0.0.1:{port}"))
        env = dict(os.environ, APACHE_RUN_USER="www-data", APACHE_RUN_GROUP="www-data",
                   APACHE_PID_FILE=str(tmp / "apache2.pid"), APACHE_RUN_DIR=str(tmp),
                   APACHE_LOCK_DIR=str(tmp), APACHE_LOG_DIR=str(tmp), LANG="C")
        with _running([APACHE, "-d", str(etc), "-f", str(etc / "apache2.conf"),
                       "-DFOREGROUND"], port, tmp, env) as base:
            yield base

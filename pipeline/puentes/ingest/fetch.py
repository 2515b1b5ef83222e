"""HTTP for remote sources: retries with back-off, pagination, conditional requests, snapshots.

Nothing here runs unless asked (``puentes build --refresh SOURCE``): the build reads the
snapshot in ``data/raw/<id>/``. A connector's ``fetch`` opens a :func:`refresh`, asks for its
files through it and commits; the new snapshot is then written atomically (every file to a
temporary name, then renamed into place) with ``snapshot.json``::

    {"source": "worldbank", "url": "https://api.worldbank.org/v2",
     "retrieved_at": "2026-11-25T10:00:00+00:00",   # when the content last changed
     "checked_at": "2026-11-25T10:00:00+00:00",     # when the server was last asked
     "status": "updated" | "not-modified",
     "sha256": "…",                                 # of the manifest "<sha256>  <file>" lines
     "files": {"SL.TLF.0714.ZS.json": {"url": "…", "urls": ["…page=1", "…page=2"],
               "status": 200, "sha256": "…", "bytes": 1234,
               "etag": "\\"v1\\"", "last_modified": "Tue, 24 Nov 2026 08:00:00 GMT"}}}

The next refresh sends that file's ETag and Last-Modified back (``If-None-Match`` /
``If-Modified-Since``); a ``304 Not Modified`` keeps the file as it is. A failed refresh
leaves the previous snapshot untouched and raises :class:`~puentes.errors.FetchError` saying
what failed and that the old snapshot is kept.

Retries (one loop, :func:`with_retries`, for ``requests`` and SPARQLWrapper alike): on 429 and
5xx answers, connection errors, timeouts and bodies cut short, waiting ``backoff``, then twice
that, … — or what ``Retry-After`` asks (seconds or an HTTP date) — never more than
``max_wait``. Endpoints and tokens come from the environment only: ``PUENTES_<ID>_URL`` and
``PUENTES_<ID>_TOKEN`` (``<ID>``: the source id upper-cased, ``-`` as ``_``); the token is sent
as ``Authorization: Bearer …`` and never written anywhere. ``PUENTES_HTTP_ATTEMPTS``,
``PUENTES_HTTP_BACKOFF``, ``PUENTES_HTTP_TIMEOUT``, ``PUENTES_HTTP_MAX_WAIT``,
``PUENTES_HTTP_DEADLINE`` and ``PUENTES_HTTP_MAX_BYTES`` tune the :class:`Policy` (the tests
use tiny ones). Every request goes through :func:`puentes.query.http.request`: a deadline
for the whole request (a server trickling bytes is given up on), a bound on the body read,
no redirect of a POST.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # requests costs ~0.14 s to import: only a fetch needs it (lazy below)
    import requests

from puentes import __version__
from puentes.errors import ConfigError, FetchError, NoSnapshotError
from puentes.ingest.catalogue import Source

T = TypeVar("T")
#: HTTP statuses worth asking again for: rate limited, or a server-side failure.
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
USER_AGENT = f"puentes/{__version__} (linked open data on child labour)"
META = "snapshot.json"
#: Pagination stops here whatever the server claims (a guard against a runaway loop).
MAX_PAGES = 10_000

#: How the waits are taken; tests replace it to record the waits instead of sleeping.
sleep = time.sleep


@dataclass(frozen=True)
class Policy:
    """How hard to try: ``attempts`` in all, first wait ``backoff`` seconds (doubled after
    each retry), ``timeout`` seconds of silence per read, no wait over ``max_wait`` (a
    longer ``Retry-After`` included), ``deadline`` seconds for one whole request (its body
    read), ``max_bytes`` of body at most per answer."""

    attempts: int = 4
    backoff: float = 1.0
    timeout: float = 60.0
    max_wait: float = 120.0
    deadline: float = 600.0
    max_bytes: int = 1_000_000_000

    @classmethod
    def from_env(cls) -> Policy:
        """The defaults, overridden by ``PUENTES_HTTP_<FIELD>`` variables.

        >>> import os; os.environ["PUENTES_HTTP_BACKOFF"] = "0.5"
        >>> Policy.from_env().backoff
        0.5
        >>> del os.environ["PUENTES_HTTP_BACKOFF"]
        """
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f"PUENTES_HTTP_{f.name.upper()}")
            if raw:
                try:
                    values[f.name] = type(f.default)(raw)
                except ValueError as err:
                    raise ConfigError(f"PUENTES_HTTP_{f.name.upper()}={raw!r} is not a number",
                                      "set it to a number or unset it") from err
        return cls(**values)


class Retryable(Exception):
    """Raised inside :func:`with_retries` for a failure worth another try; ``wait`` is the
    server's ``Retry-After`` in seconds, when it sent one."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


def env_key(source_id: str, what: str) -> str:
    """The name of a source's environment variable.

    >>> env_key("worldbank", "URL")
    'PUENTES_WORLDBANK_URL'
    """
    return f"PUENTES_{source_id.upper().replace('-', '_')}_{what}"


def endpoint(source: Source, override: str | None = None) -> str:
    """The base URL: an explicit override, else ``PUENTES_<ID>_URL``, else the catalogue's."""
    url = override or os.environ.get(env_key(source.id, "URL")) or source.url
    if not url:
        raise ConfigError(f"source {source.id!r} has no URL",
                          f"add 'url:' to its entry in data/sources.yaml or set "
                          f"{env_key(source.id, 'URL')}")
    from puentes.ingest.weburl import check_web_url

    return check_web_url(url, f"the URL of source {source.id!r}",
                         f"set {env_key(source.id, 'URL')} or 'url:' in data/sources.yaml to "
                         "it").rstrip("/")


def auth_headers(source: Source) -> dict[str, str]:
    """``User-Agent``, and ``Authorization: Bearer`` when ``PUENTES_<ID>_TOKEN`` is set."""
    headers = {"User-Agent": USER_AGENT}
    token = os.environ.get(env_key(source.id, "TOKEN"))
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def session(source: Source) -> requests.Session:
    """A ``requests`` session carrying :func:`auth_headers` (no retries of its own: those
    are :func:`with_retries`'s)."""
    import requests

    s = requests.Session()
    s.headers.update(auth_headers(source))
    return s


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP date).

    >>> retry_after("7")
    7.0
    >>> retry_after("Wed, 21 Oct 2015 07:28:05 GMT",
    ...             datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc))
    5.0
    >>> retry_after("soon") is None
    True
    """
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def with_retries(call: Callable[[], T], *, policy: Policy, what: str) -> T:
    """Run ``call`` until it returns, retrying while it raises :class:`Retryable`, with
    exponential back-off (or the server's ``Retry-After``), at most ``policy.attempts``
    times; then raise :class:`FetchError` naming ``what`` and the last reason."""
    wait, attempts = policy.backoff, max(1, policy.attempts)
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except Retryable as err:
            last = err
        if attempt < attempts:
            sleep(min(policy.max_wait, last.wait if last.wait is not None else wait))
            wait = min(policy.max_wait, wait * 2)
    raise FetchError(f"{what} failed after {attempts} attempt(s): {last}")


def get(s: requests.Session, url: str, *, params: dict | None = None,
        headers: dict | None = None, policy: Policy) -> requests.Response:
    """GET through :func:`with_retries`. Returns a 2xx or 304 response (body read, within
    the policy's deadline and size); other 4xx answers fail at once with
    :class:`FetchError`."""
    return _send(s, "GET", url, policy, params=params, headers=headers)


def post(s: requests.Session, url: str, *, data: dict | bytes, headers: dict | None = None,
         policy: Policy) -> requests.Response:
    """POST through :func:`with_retries`, as :func:`get` (a redirect is refused: it would
    turn the POST into a GET)."""
    return _send(s, "POST", url, policy, data=data, headers=headers)


def _send(s: requests.Session, method: str, url: str, policy: Policy,
          **kwargs: object) -> requests.Response:
    import requests

    from puentes.query.http import request

    def attempt() -> requests.Response:
        try:
            resp = request(s, method, url, deadline=policy.deadline,
                           max_bytes=policy.max_bytes, silence=policy.timeout, **kwargs)
        except (requests.ConnectionError, requests.Timeout,
                requests.exceptions.ChunkedEncodingError) as err:
            raise Retryable(f"{type(err).__name__}: {err}") from err
        if resp.status_code < 300 or resp.status_code == 304:
            return resp
        reason = f"HTTP {resp.status_code} {resp.reason}: {resp.text[:200]!r}"
        if resp.status_code in RETRY_STATUS:
            raise Retryable(reason, retry_after(resp.headers.get("Retry-After")))
        raise FetchError(f"{method} {resp.url}: {reason}")

    return with_retries(attempt, policy=policy, what=f"{method} {url}")


def pages(get_page: Callable[[int], tuple[Sequence[T], int]]) -> list[T]:
    """Every item of a paged answer: ``get_page(n)`` returns page ``n``'s items and the
    number of pages (as that page says); pages 1, 2, … are asked for until the last.

    >>> data = {1: ["a", "b"], 2: ["c"]}
    >>> pages(lambda n: (data[n], 2))
    ['a', 'b', 'c']
    """
    items: list[T] = []
    page, count = 1, 1
    while page <= min(count, MAX_PAGES):
        chunk, count = get_page(page)
        items += chunk
        page += 1
    return items


def read_meta(folder: Path) -> dict:
    """The snapshot's ``snapshot.json``, or an empty dict."""
    meta = folder / META
    return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}


def require_snapshot(source: Source, files: list[str]) -> list[Path]:
    """The snapshot files of a remote source, or :class:`NoSnapshotError` saying how to
    fetch them."""
    paths = [source.raw_dir / f for f in files]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise NoSnapshotError(
            f"source {source.id!r} has no snapshot yet ({', '.join(missing)} missing in "
            f"{source.raw_dir}); skipped",
            f"run `puentes build --refresh {source.id}` (needs the network) to fetch it")
    return paths


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into ``folder`` atomically as a set: the new snapshot is assembled in
    a sibling folder (the files kept from the old one hard-linked, the new ones written and
    synced), then swapped with ``folder`` in one step, so that a crash at any point leaves
    the old snapshot or the new one, never a mix. Leftovers of a crash are removed first."""
    parent, name = folder.parent, folder.name
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f".{name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}.new-"))
    try:
        if folder.is_dir():
            for old in folder.iterdir():
                if old.is_file() and old.name not in files:
                    _link_or_copy(old, staging / old.name)
        for fname, data in files.items():
            with open(staging / fname, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        _sync_dir(staging)
        if folder.is_dir():
            if not _exchange(staging, folder):
                # No atomic exchange on this system: two renames, the window between them
                # a few microseconds (the old folder is then found under the staging name).
                old = parent / f".{name}.new-old-{os.getpid()}"
                os.rename(folder, old)
                os.rename(staging, folder)
                staging = old
        else:
            os.rename(staging, folder)
            staging = None
        _sync_dir(parent)
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False when the
    system cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _manifest_sha256(entries: dict[str, dict]) -> str:
    lines = "".join(f"{e['sha256']}  {n}\n" for n, e in sorted(entries.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


class Refresh:
    """One refresh of a source's snapshot: collects the files, then :meth:`commit` writes
    them (and ``snapshot.json``) — only if every file was obtained."""

    def __init__(self, source: Source, *, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        self.source = source
        self.folder = source.raw_dir
        self.url = endpoint(source, base_url)
        self.policy = policy or Policy.from_env()
        self.session = session(source)
        self.previous = read_meta(self.folder)
        self.new: dict[str, bytes] = {}
        self.entries: dict[str, dict] = {}

    def conditional(self, name: str) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` from what the last snapshot recorded
        for ``name`` — only when that file is still there to be kept."""
        prev = (self.previous.get("files") or {}).get(name) or {}
        if not (self.folder / name).is_file():
            return {}
        headers = {}
        if prev.get("etag"):
            headers["If-None-Match"] = prev["etag"]
        if prev.get("last_modified"):
            headers["If-Modified-Since"] = prev["last_modified"]
        return headers

    def get(self, name: str, url: str, *, params: dict | None = None,
            headers: dict | None = None, conditional: bool = True) -> requests.Response | None:
        """GET ``url`` (with retries) for the snapshot file ``name``; conditional unless told
        otherwise. Returns the response, or None after a 304 (the file is then kept)."""
        cond = self.conditional(name) if conditional else {}
        resp = get(self.session, url, params=params, headers={**(headers or {}), **cond},
                   policy=self.policy)
        if resp.status_code == 304:
            if not cond:
                raise FetchError(f"GET {resp.url}: 304 Not Modified to an unconditional "
                                 "request")
            self.keep(name, resp)
            return None
        return resp

    def keep(self, name: str, resp: requests.Response) -> None:
        """Record that ``name`` is unchanged (a 304): the file stays as it is."""
        entry = dict((self.previous.get("files") or {}).get(name) or {})
        entry.update(status=resp.status_code, checked=resp.url)
        self.entries[name] = entry

    def add(self, name: str, data: bytes, *, urls: Sequence[str],
            response: requests.Response | None = None, status: int = 200) -> None:
        """Stage the new content of ``name``, with where it came from and its validators
        (taken from ``response``, the first response when the file was paged)."""
        headers = response.headers if response is not None else {}
        self.new[name] = data
        self.entries[name] = {
            "url": urls[0], "urls": list(urls),
            "status": response.status_code if response is not None else status,
            "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
            "etag": headers.get("ETag"), "last_modified": headers.get("Last-Modified")}

    def commit(self) -> Path:
        """Write the staged files and ``snapshot.json`` atomically; return the folder."""
        now = _now()
        changed = bool(self.new)
        meta = {"source": self.source.id, "url": self.url,
                "retrieved_at": now if changed else self.previous.get("retrieved_at", now),
                "checked_at": now, "status": "updated" if changed else "not-modified",
                "sha256": _manifest_sha256(self.entries), "files": self.entries}
        write_files(self.folder, {**self.new, META: json.dumps(
            meta, indent=2, ensure_ascii=False).encode("utf-8")})
        return self.folder


@contextmanager
def refresh(source: Source, *, base_url: str | None = None,
            policy: Policy | None = None) -> Iterator[Refresh]:
    """Open a :class:`Refresh`; any failure inside (the connector's or the commit's) becomes
    a :class:`FetchError` that names the source and says the old snapshot is kept.

    A connector's fetch::

        with refresh(source, base_url=base_url) as snap:
            resp = snap.get("data.csv", f"{snap.url}/data")
            if resp is not None:
                snap.add("data.csv", resp.content, urls=[resp.url], response=resp)
            return snap.commit()
    """
    has_snapshot = (source.raw_dir / META).is_file()
    kept = ((f"the previous snapshot in {source.raw_dir} is kept unchanged; " if has_snapshot
             else f"there is no earlier snapshot in {source.raw_dir} to fall back on; ")
            + f"try again later (is the network up?), or point {env_key(source.id, 'URL')} "
            "at another endpoint")
    try:
        yield Refresh(source, base_url=base_url, policy=policy)
    except FetchError as err:
        raise FetchError(f"refresh of {source.id!r} failed: {err.message}", kept) from err
    except OSError as err:
        raise FetchError(f"refresh of {source.id!r} failed writing the snapshot: {err}",
                         kept) from err

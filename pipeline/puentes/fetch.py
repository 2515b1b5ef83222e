"""HTTP for remote sources: retries with back-off, conditional requests, and snapshots.

Nothing here runs unless asked (``puentes build --refresh SOURCE``): the build reads the
snapshot in ``data/raw/<id>/``. A refresh writes the new snapshot atomically (temporary file,
then rename) with ``snapshot.json`` (URL, retrieval time, SHA-256, ETag, Last-Modified); a
failed refresh leaves the previous snapshot untouched and raises :class:`FetchError`.
Endpoints and tokens are configurable by environment variables only:
``PUENTES_<ID>_URL`` and ``PUENTES_<ID>_TOKEN`` (``<ID>`` upper case, ``-`` as ``_``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests

from . import __version__
from .catalogue import Source
from .errors import FetchError, NoSnapshotError

RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass
class Policy:
    """How hard to try: attempts, back-off (seconds, doubled each time), timeout, cap."""

    attempts: int = 4
    backoff: float = 1.0
    timeout: float = 60.0
    max_wait: float = 120.0


def env_key(source_id: str, what: str) -> str:
    """``PUENTES_WORLDBANK_URL`` for ``("worldbank", "URL")``."""
    return f"PUENTES_{source_id.upper().replace('-', '_')}_{what}"


def base_url(source: Source, override: str | None = None) -> str:
    """The endpoint: an explicit override, else the environment, else the catalogue URL."""
    return (override or os.environ.get(env_key(source.id, "URL")) or source.url or "").rstrip("/")


def session(source: Source) -> requests.Session:
    """A session that identifies puentes and carries the source's token, if any."""
    s = requests.Session()
    s.headers["User-Agent"] = f"puentes/{__version__} (linked open data on child labour)"
    token = os.environ.get(env_key(source.id, "TOKEN"))
    if token:
        s.headers["Authorization"] = f"Bearer {token}"
    return s


def _retry_after(resp: requests.Response, default: float) -> float:
    value = resp.headers.get("Retry-After")
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
            return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
        except (TypeError, ValueError):
            return default


def get(s: requests.Session, url: str, *, params: dict | None = None,
        headers: dict | None = None, policy: Policy | None = None) -> requests.Response:
    """GET with retries on 429 and 5xx (honouring Retry-After) and on connection errors or
    timeouts, with exponential back-off. Returns the final response (2xx or 304)."""
    policy = policy or Policy()
    wait, last = policy.backoff, None
    for attempt in range(1, policy.attempts + 1):
        try:
            resp = s.get(url, params=params, headers=headers, timeout=policy.timeout)
        except (requests.ConnectionError, requests.Timeout) as err:
            last = f"{type(err).__name__}: {err}"
        else:
            if resp.status_code < 300 or resp.status_code == 304:
                return resp
            last = f"HTTP {resp.status_code}: {resp.text[:200]}"
            if resp.status_code not in RETRY_STATUS:
                break
            wait = min(policy.max_wait, _retry_after(resp, wait))
        if attempt < policy.attempts:
            time.sleep(wait)
            wait = min(policy.max_wait, wait * 2)
    raise FetchError(f"{url} failed after {attempt} attempt(s): {last}",
                     "the previous snapshot is kept; try again later or set the endpoint "
                     "with PUENTES_<SOURCE>_URL")


def read_meta(folder: Path) -> dict:
    """The snapshot's ``snapshot.json``, or an empty dict."""
    meta = folder / "snapshot.json"
    return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}


def require_snapshot(source: Source, files: list[str]) -> list[Path]:
    """The snapshot files of a remote source, or :class:`NoSnapshotError`."""
    paths = [source.raw_dir / f for f in files]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise NoSnapshotError(
            f"source {source.id!r} has no snapshot yet ({', '.join(missing)} missing in "
            f"{source.raw_dir})",
            f"fetch it with `puentes build --refresh {source.id}` (needs the network)")
    return paths


def write_snapshot(folder: Path, files: dict[str, bytes], meta: dict) -> None:
    """Write ``files`` and ``snapshot.json`` atomically: each file goes to a temporary name
    and is renamed into place only after all were written."""
    folder.mkdir(parents=True, exist_ok=True)
    staged = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            staged.append((Path(tmp), folder / name))
        meta = {**meta, "retrieved_at": datetime.now(timezone.utc).isoformat(
            timespec="seconds"), "files": {n: hashlib.sha256(d).hexdigest()
                                           for n, d in files.items()}}
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".snapshot.json.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(meta, fh, indent=2, ensure_ascii=False)
        staged.append((Path(tmp), folder / "snapshot.json"))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)


def conditional_headers(meta: dict, key: str) -> dict:
    """If-None-Match / If-Modified-Since from what the last snapshot recorded for ``key``."""
    prev = (meta.get("validators") or {}).get(key, {})
    headers = {}
    if prev.get("etag"):
        headers["If-None-Match"] = prev["etag"]
    if prev.get("last_modified"):
        headers["If-Modified-Since"] = prev["last_modified"]
    return headers


def validators(resp: requests.Response) -> dict:
    """The response's ETag and Last-Modified, to send back next time."""
    return {"etag": resp.headers.get("ETag"), "last_modified": resp.headers.get("Last-Modified")}

"""A bounded load test of `puentes serve` on 127.0.0.1: 200 concurrent connections for a
minute, SPARQL lookups and resource pages mixed. It keeps answering, no 5xx other than the
documented 503 (timeout, or every worker busy), and it still answers right after."""

from __future__ import annotations

import asyncio
import collections
import time

import httpx
import pytest
import requests
from servers import puentes_serve_process
from test_serve_safety import _store

pytestmark = [pytest.mark.server, pytest.mark.load]
CONNECTIONS = 200
SECONDS = 60  # the minute of 200 concurrent connections
LOOKUP = ("SELECT ?l WHERE { <https://w3id.org/puentes/id/organization/probe> "
          "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")


async def _hammer(url: str) -> collections.Counter:
    statuses: collections.Counter = collections.Counter()
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    deadline = time.monotonic() + SECONDS
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        async def one(i: int) -> None:
            n = 0
            while time.monotonic() < deadline:
                n += 1
                try:
                    if (i + n) % 3:
                        r = await client.get(url + "/sparql", params={"query": LOOKUP})
                    else:
                        r = await client.get(url + "/id/organization/probe.html")
                    statuses[r.status_code] += 1
                    if r.status_code == 503:
                        assert "try again" in r.text.lower()
                except httpx.HTTPError as err:
                    statuses[type(err).__name__] += 1

        await asyncio.gather(*(one(i) for i in range(CONNECTIONS)))
    return statuses


def test_200_concurrent_connections(tmp_path):
    _store(tmp_path / "store", "A")
    with puentes_serve_process(tmp_path / "store", "--timeout", "10") as (url, _proc):
        statuses = asyncio.run(_hammer(url))
        print("statuses under load:", dict(statuses))
        assert set(statuses) <= {200, 503}, statuses
        assert statuses[200] > 0
        r = requests.get(url + "/sparql", params={"query": LOOKUP}, timeout=10)
        assert r.status_code == 200 and r.json()["results"]["bindings"]

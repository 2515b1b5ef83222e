"""A bounded cache of SPARQL answers for the snapshot being served.

A snapshot never changes, so the same request (same query text and parameters, same Accept)
gets the same answer until the next snapshot is swapped in — then the cache is emptied.
The same holds for pages rendered from the snapshot. Only answers with a status in
``statuses`` (successful ones, by default) up to ``max_item`` bytes are kept, least recently
used first out, within ``max_bytes`` in all.

>>> c = AnswerCache(max_bytes=10, max_item=6)
>>> c.put("a", (200, {}, "text/plain", b"12345"))
>>> c.put("b", (200, {}, "text/plain", b"123456"))
>>> c.get("a") is None, c.get("b")[3]
(True, b'123456')
"""

from __future__ import annotations

from collections import OrderedDict


class AnswerCache:
    """Least-recently-used answers ``(status, headers, media type, body)`` by request key."""

    def __init__(self, max_bytes: int = 64_000_000, max_item: int = 1_000_000,
                 statuses: tuple[int, ...] = (200,)) -> None:
        self.max_bytes, self.max_item, self.statuses = max_bytes, max_item, statuses
        self.items: OrderedDict[object, tuple] = OrderedDict()
        self.size = 0

    def get(self, key: object) -> tuple | None:
        """The answer kept for ``key``, or None."""
        answer = self.items.get(key)
        if answer is not None:
            self.items.move_to_end(key)
        return answer

    def put(self, key: object, answer: tuple) -> None:
        """Keep an answer with one of the statuses kept (too large ones are not kept)."""
        n = len(answer[3])
        if answer[0] not in self.statuses or n > self.max_item or key in self.items:
            return
        self.items[key] = answer
        self.size += n
        while self.size > self.max_bytes:
            _, old = self.items.popitem(last=False)
            self.size -= len(old[3])

    def clear(self) -> None:
        """Forget everything (a new snapshot is served)."""
        self.items.clear()
        self.size = 0

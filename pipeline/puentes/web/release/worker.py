"""The worker process of ``puentes release``: the registry's record index and the diff from
the previous release, worked out from the new release's dump while the release's own process
writes the pages (:class:`~puentes.web.release.make.ChangesWork` starts it).

    python -m puentes.web.release.worker JOB.json RESULT.pickle

``JOB.json`` holds the arguments of :func:`release_changes`; ``RESULT.pickle`` receives
``("ok", result)`` or ``("error", PuentesError)`` (the error whole: message, hint, problems).
A plain process of its own, not :mod:`multiprocessing`: it does not import the caller's
``__main__`` again, so a release can be made from any script.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

from puentes.errors import PuentesError


def release_changes(registry: str | None, old_site: str | None, sides: dict,
                    new_site: str) -> dict:
    """The record index of the registry (``registry``: its folder, or ``None``) and the
    changelog from the release in ``old_site`` (``None``: a first release) to the site
    being written in ``new_site``, as ``{"index": …, "changes": Changelog JSON or None}``."""
    from puentes.web.release.diff import diff_sites
    from puentes.web.release.records import record_index

    index = record_index(Path(registry)) if registry else {"records": {}, "nodes": {}}
    changes = (diff_sites(old_site, sides["old"], new_site, index, sides["new"])
               if old_site else None)
    return {"index": index, "changes": changes}


def main(argv: list[str]) -> int:
    """Run the job of ``argv[1]``, write its outcome to ``argv[2]``; exit 0 when written."""
    job = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    try:
        outcome: tuple = ("ok", release_changes(**job))
    except PuentesError as e:
        outcome = ("error", e)
    Path(argv[2]).write_bytes(pickle.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

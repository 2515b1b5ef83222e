"""A SHACL validator that runs on Oxigraph: each shape is one set-based SPARQL SELECT over all
its focus nodes at once (:mod:`.compile`), each constraint component one class of
:mod:`.components`, run on a pyoxigraph Store (:mod:`.run`); the results are written as a
SHACL results graph, read by ``puentes.check.validate``. pyshacl stays the reference: the
tests compare the two engines result by result, and the W3C SHACL Core suite runs on this
engine alone. A shape using a feature the engine does not implement is refused when the
shapes are compiled and listed in :attr:`Engine.unsupported` (``puentes.check.validate``
gives it to pyshacl, or raises :class:`Unsupported`): see docs/shacl.md.
"""

from puentes.check.shacl.model import Unsupported
from puentes.check.shacl.run import Engine, pyshacl_accepts

__all__ = ["Engine", "Unsupported", "pyshacl_accepts"]

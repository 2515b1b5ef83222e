"""A SHACL validator that runs on Oxigraph: each constraint of each shape is one set-based
SPARQL SELECT over all focus nodes at once (:mod:`.compile`), run on a pyoxigraph Store
(:mod:`.run`), and the results are written as the SHACL results graph pyshacl writes, so that
``puentes.check.validate`` reads them the same way. pyshacl stays the reference: the tests compare
the two engines result by result, and a shape using a feature the compiler does not express
is reported in :attr:`Engine.unsupported` (``puentes.check.validate`` gives it to pyshacl).
"""

from puentes.check.shacl.model import Unsupported
from puentes.check.shacl.run import Engine, pyshacl_accepts

__all__ = ["Engine", "Unsupported", "pyshacl_accepts"]

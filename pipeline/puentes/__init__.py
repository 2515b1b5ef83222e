"""puentes: the knowledge graph of regional and interregional cooperation against child labour."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("puentes")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

"""puentes: the knowledge graph of regional and interregional cooperation against child labour."""


def __getattr__(name: str) -> str:
    # ``__version__`` is read from the installed metadata on first use only:
    # importlib.metadata costs ~0.1 s, too much for `puentes --help`.
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("puentes")
    except PackageNotFoundError:  # running from a source tree that was not installed
        value = "0.0.0+source"
    globals()["__version__"] = value
    return value

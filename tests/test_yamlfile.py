"""The YAML reader's two composers: libyaml (fast) and the bounded pure-Python one give the
same values with the same lines, and every refusal is the bounded reader's own message."""

from __future__ import annotations

from pathlib import Path

import pytest

from puentes.errors import DataError
from puentes.ingest import yamlfile

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = sorted((ROOT / "data" / "registry").glob("*.yaml"))


def _shape(value):  # noqa: ANN001, ANN202 - any YAML value
    """A value with every line the reader remembers, comparable with ==."""
    if isinstance(value, yamlfile.LDict):
        return ("map", value.line, sorted(value.key_lines.items(), key=str), value.repeated,
                [(k, _shape(v)) for k, v in value.items()])
    if isinstance(value, yamlfile.LList):
        return ("list", value.line, value.item_lines, [_shape(v) for v in value])
    return (type(value).__name__, value)


def _read_both(path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202
    fast = yamlfile.read_yaml(path)
    with monkeypatch.context() as m:
        m.setattr(yamlfile, "_FAST_LOADER", None)
        slow = yamlfile.read_yaml(path)
    return fast, slow


def test_libyaml_is_used() -> None:
    assert yamlfile._FAST_LOADER is not None, "PyYAML was built without libyaml"


@pytest.mark.parametrize("path", REGISTRY, ids=[p.name for p in REGISTRY])
def test_fast_reader_gives_the_same_values_and_lines(path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _read_both(path, monkeypatch)
    assert _shape(fast) == _shape(slow)
    assert len(fast) > 0


HOSTILE = {
    "deep-flow": "- " + "[" * 200 + "]" * 200 + "\n",
    "deep-block": "".join("  " * i + "- \n" for i in range(80)),
    "libyaml-limit": "- " + "[" * 1200 + "]" * 1200 + "\n",
    "recursive-alias": "- &a\n  id: x\n  self: *a\n",
    "alias-bomb": "- &a [x, x, x, x, x, x, x, x, x, x]\n"
                  + "".join(f"- &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
                            for i in range(5)),
    "huge-value": "- id: x\n  note: " + "y" * (yamlfile.MAX_SCALAR + 1) + "\n",
    "syntax": "- id: x\n  name: 'unclosed\n- id: y\n",
    "two-documents": "- id: x\n---\n- id: y\n",
    "duplicate-key": "- id: x\n  id: y\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_refusals_are_the_bounded_readers_own(name: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "organizations.yaml"
    path.write_text(HOSTILE[name], encoding="utf-8")
    outcomes = []
    for fast in (True, False):
        with monkeypatch.context() as m:
            if not fast:
                m.setattr(yamlfile, "_FAST_LOADER", None)
            try:
                outcomes.append(("value", _shape(yamlfile.read_yaml(path))))
            except DataError as err:
                outcomes.append(("error", str(err)))
    assert outcomes[0] == outcomes[1]
    if name != "duplicate-key":  # read, and reported later by the registry check
        assert outcomes[0][0] == "error", outcomes[0]
        assert "organizations.yaml" in outcomes[0][1]

"""One SHACL result read into a :class:`~puentes.check.report.ValidationResult`: the focus
node's kind and label, the property's ``sh:name``, the message in each of es, en and fr (an
untagged message matched to the shape's tagged ones), the value's label and a hint (the
allowed values of a scheme, or a value defined nowhere in the data)."""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from puentes.check.report import SEVERITIES, ValidationResult, word
from puentes.i18n import LANGS
from puentes.i18n import pick_literal as _pick
from puentes.namespaces import PREFIXES, curie


def read_result(res, rg: Graph, data: Graph, shapes: Graph, files: dict,  # noqa: ANN001
            memo: dict) -> ValidationResult:
    focus = rg.value(res, SH.focusNode)
    path = rg.value(res, SH.resultPath)
    value = rg.value(res, SH.value)
    source_shape = rg.value(res, SH.sourceShape)
    constraint = rg.value(res, SH.sourceConstraint)
    component = rg.value(res, SH.sourceConstraintComponent)
    severity = SEVERITIES.get(rg.value(res, SH.resultSeverity), "Violation")
    messages = _tag_messages(rg, res, constraint)
    # the rule's name: the property shape's, or the SPARQL constraint's
    named = source_shape if (source_shape, SH.name, None) in shapes else constraint
    def once(fn, g, *args):  # noqa: ANN001, ANN002, ANN202 - g: the data or the shapes
        key = (fn, *args)
        if key not in memo:
            memo[key] = fn(g, *args)
        return memo[key]

    hint = once(lambda _g, *a: _hint(shapes, data, *a), None, source_shape, component, value)
    texts = {}
    for lang in LANGS:
        message = _pick(messages, lang) or "does not conform"
        if hint.get(lang):
            message = f"{message} {hint[lang]}"
        texts[lang] = {
            "message": message,
            "path_name": once(_name, shapes, named, lang),
            "shape_name": once(_shape_label, shapes, source_shape, lang),
            "focus_label": once(_label, data, focus, lang),
            "focus_type": _kind(data, focus, lang, once),
            "value_label": once(_label, data, value, lang) if isinstance(value, URIRef)
            else None,
        }
    en = texts["en"]
    return ValidationResult(
        focus_node=focus, focus_label=en["focus_label"],
        path=str(path) if isinstance(path, URIRef) else _path_text(rg, path),
        path_name=en["path_name"], value=str(value) if value is not None else None,
        severity=severity, message=en["message"], source_shape=str(source_shape),
        shape_name=en["shape_name"], file=files.get(focus), focus_type=en["focus_type"],
        value_label=en["value_label"],
        constraint=str(component).rsplit("#", 1)[-1] if component is not None else None,
        node_shape=_node_shape(shapes, source_shape), texts=texts, result_node=res)


def _node_shape(shapes: Graph, shape) -> str | None:  # noqa: ANN001
    """The named NodeShape a rule belongs to (a property shape is a blank node inside it)."""
    parent = shapes.value(None, SH.property, shape)
    node = parent if parent is not None else shape
    return str(node) if isinstance(node, URIRef) else None


def _tag_messages(rg: Graph, res, constraint) -> list[Literal]:  # noqa: ANN001
    """The result's messages with their language tags.

    pyshacl drops the language tag of a SPARQL constraint's message when it fills in the
    ``{?var}`` placeholders; the tag is recovered by matching each message against the
    constraint's templates, and put back in the results graph too.
    """
    messages = list(rg.objects(res, SH.resultMessage))
    if constraint is None:
        return messages
    templates = [t for t in rg.objects(constraint, SH.message)
                 if isinstance(t, Literal) and t.language]
    out = []
    for m in messages:
        lang = None
        if isinstance(m, Literal) and not m.language:
            lang = next((t.language for t in templates
                         if re.fullmatch(_pattern(str(t)), str(m), re.S)), None)
        if lang:
            tagged = Literal(str(m), lang=lang)
            rg.remove((res, SH.resultMessage, m))
            rg.add((res, SH.resultMessage, tagged))
            out.append(tagged)
        else:
            out.append(m)
    return out


def _pattern(template: str) -> str:
    """A template such as "has {?n} partners" as a regular expression: "has (.*?) partners"."""
    parts = re.split(r"\{[?$]\w+\}", template)
    return "(.*?)".join(re.escape(p) for p in parts)


def _path_text(rg: Graph, path) -> str | None:  # noqa: ANN001
    # an inverse path ([ sh:inversePath org:organization ]) as "^" and the property's IRI;
    # any other path as a SPARQL property path (the same whichever engine wrote the graph)
    from puentes.check.shacl import Unsupported
    from puentes.check.shacl.model import path_sparql

    if path is None:
        return None
    inverse = rg.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return f"^{inverse}"
    try:
        return path_sparql(rg, path)
    except Unsupported:
        return None


def _label(g: Graph, node, lang: str) -> str | None:  # noqa: ANN001
    if node is None:
        return None
    return _pick(list(g.objects(node, RDFS.label)) + list(g.objects(node, SKOS.prefLabel)),
                 lang)


def _name(shapes: Graph, named, lang: str) -> str | None:  # noqa: ANN001
    return _pick(shapes.objects(named, SH.name), lang) if named is not None else None


def _kind(g: Graph, node, lang: str, once=None) -> str | None:  # noqa: ANN001
    """The label of the node's most specific class ("plataforma" rather than "iniciativa");
    ``once`` memoises by the set of types (many nodes share theirs)."""
    types = tuple(sorted(t for t in g.objects(node, RDF.type) if isinstance(t, URIRef)))
    if once is not None:
        return once(_kind_of, g, types, lang)
    return _kind_of(g, types, lang)


def _kind_of(g: Graph, types: tuple, lang: str) -> str | None:
    specific = [t for t in types if not any(
        o != t and t in g.transitive_objects(o, RDFS.subClassOf) for o in types)]
    for t in sorted(specific, key=lambda t: not str(t).startswith(PREFIXES["pu"])):
        label = _pick(g.objects(t, RDFS.label), lang)
        if label:
            return label
    return None


def _shape_label(shapes: Graph, shape, lang: str) -> str | None:  # noqa: ANN001
    parent = shapes.value(None, SH.property, shape) or shapes.value(None, SH.sparql, shape)
    node = parent if parent is not None else shape
    return _pick(shapes.objects(node, RDFS.label), lang)


def _hint(shapes: Graph, data: Graph, shape, component, value) -> dict[str, str]:  # noqa: ANN001
    """What to write instead: the allowed concepts of a vocabulary, or that an id is unknown."""
    if value is None or not isinstance(value, URIRef):
        return {}
    if component == SH.NodeConstraintComponent:
        schemes = [s for n in shapes.objects(shape, SH.node) for p in shapes.objects(n, SH.property)
                   for s in shapes.objects(p, SH.hasValue)]
        if schemes:
            slugs = sorted(str(c).rsplit("/", 1)[-1] for s in schemes
                           for c in data.subjects(SKOS.inScheme, s))
            if slugs:
                shown = ", ".join(slugs[:30]) + (", …" if len(slugs) > 30 else ".")
                return {lang: f"{word('allowed', lang)} {shown}" for lang in LANGS}
    if component in (SH.ClassConstraintComponent, SH.OrConstraintComponent,
                     SH.NodeConstraintComponent) and (value, None, None) not in data:
        return {lang: word("unknown", lang).format(value=curie(str(value))) for lang in LANGS}
    return {}

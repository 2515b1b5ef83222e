"""The SHACL Core constraint components the engine implements: one class per component,
registered in :data:`REGISTRY` by the parameter that makes it. The package: :mod:`.core` (what
every component is built on) and a module per family of SHACL Core (:mod:`.value_type`,
:mod:`.cardinality`, :mod:`.value_range`, :mod:`.string`, :mod:`.property_pair`,
:mod:`.shape_based`, :mod:`.other`) and SHACL-SPARQL (:mod:`.sparql`); adding a component is
one class in its family's module and one entry in :data:`COMPONENT_CLASSES`.

Each component says, in SPARQL, two things about one constraint of one shape:

- :meth:`Component.violations`: a group pattern that, with ``?this`` bound to a focus node,
  gives one row per validation result (``?value``, and ``?path`` for ``sh:closed``);
- :meth:`Component.holds`: an expression, true when a node given in a variable satisfies
  the constraint (used where shapes nest: ``sh:node``, ``sh:or``, ``sh:qualifiedValueShape``…).

A *value* component (:class:`ValueComponent`: ``sh:class``, ``sh:datatype``, ``sh:in``…) only
says whether one value node conforms (:meth:`ValueComponent.test`); the two methods follow
from it for node shapes (the value is the focus node) and property shapes (the values of the
path). A parameter of the SHACL namespace that no class here registers is refused when the
shapes are read (:class:`~puentes.check.shacl.model.Unsupported`, naming it), and so is a
registered one in a form the class does not express: such a shape is validated by pyshacl,
never skipped (docs/shacl.md says how to add a component, and which test proves it).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import SH

from puentes.check.shacl.components.cardinality import MaxCountComponent, MinCountComponent
from puentes.check.shacl.components.core import Component
from puentes.check.shacl.components.other import (
    ClosedComponent,
    HasValueComponent,
    InComponent,
)
from puentes.check.shacl.components.property_pair import (
    DisjointComponent,
    EqualsComponent,
    LessThanComponent,
    LessThanOrEqualsComponent,
)
from puentes.check.shacl.components.shape_based import (
    AndComponent,
    NodeComponent,
    NotComponent,
    OrComponent,
    QualifiedComponent,
    XoneComponent,
)
from puentes.check.shacl.components.sparql import SparqlComponent
from puentes.check.shacl.components.string import (
    LanguageInComponent,
    MaxLengthComponent,
    MinLengthComponent,
    PatternComponent,
    UniqueLangComponent,
)
from puentes.check.shacl.components.value_range import (
    MaxExclusiveComponent,
    MaxInclusiveComponent,
    MinExclusiveComponent,
    MinInclusiveComponent,
)
from puentes.check.shacl.components.value_type import (
    ClassComponent,
    DatatypeComponent,
    NodeKindComponent,
)

#: every component the engine implements, by the parameter that makes it
COMPONENT_CLASSES: tuple[type[Component], ...] = (
    ClassComponent, DatatypeComponent, NodeKindComponent,
    MinExclusiveComponent, MinInclusiveComponent, MaxExclusiveComponent, MaxInclusiveComponent,
    MinLengthComponent, MaxLengthComponent, PatternComponent, LanguageInComponent,
    UniqueLangComponent, MinCountComponent, MaxCountComponent, InComponent, HasValueComponent,
    ClosedComponent, EqualsComponent, DisjointComponent, LessThanComponent,
    LessThanOrEqualsComponent, NodeComponent, NotComponent, AndComponent, OrComponent,
    XoneComponent, QualifiedComponent, SparqlComponent)
REGISTRY: dict[URIRef, Component] = {cls.params[0]: cls() for cls in COMPONENT_CLASSES}
#: parameters read by a component of the registry along with its first one (sh:flags …)
SECONDARY: set[URIRef] = {p for cls in COMPONENT_CLASSES for p in cls.params[1:]}
#: the constraint components implemented (sh:qualifiedValueShape makes two)
IMPLEMENTED: frozenset[URIRef] = frozenset(
    {cls.iri for cls in COMPONENT_CLASSES} | {SH.QualifiedMaxCountConstraintComponent})

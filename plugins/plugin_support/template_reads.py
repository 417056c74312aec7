"""What a Jinja template can read: the context variables, and the attribute
names it asks of them, with everything it extends, includes, imports or
renders through the ``rendered_once`` filter (plugins/listing_cards)."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, meta, nodes


class DynamicTemplate(ValueError):
    """A template that names another one only at render time."""


@dataclass(frozen=True)
class Reads:
    variables: frozenset[str]
    # Attribute (and constant item) names the template uses on any value;
    # None when it looks one up by a name computed at render time.
    attributes: frozenset[str] | None


_LOOP_NUMBERS = frozenset({"index", "index0", "revindex", "revindex0", "length", "depth", "depth0"})


def _computed(index: nodes.Node) -> bool:
    """An index that may name an attribute only at render time (not a constant, a slice,
    ``-1`` or ``loop.index0``)."""
    if isinstance(index, nodes.Neg | nodes.Pos):
        index = index.node
    if isinstance(index, nodes.Getattr) and isinstance(index.node, nodes.Name):
        return not (index.node.name == "loop" and index.attr in _LOOP_NUMBERS)
    return not isinstance(index, nodes.Const | nodes.Slice)


def _attribute_names(tree: nodes.Template) -> frozenset[str] | None:
    if any(_computed(node.arg) for node in tree.find_all(nodes.Getitem)):
        return None
    names = {node.attr for node in tree.find_all(nodes.Getattr)}
    # Constant strings name attributes too: a["url"], sort(attribute="date"),
    # groupby("date.month"), map(attribute="name"), selectattr("tags")...
    for node in tree.find_all(nodes.Const):
        if isinstance(node.value, str):
            names.update(node.value.split("."))
    return frozenset(names)


def _read_one(environment: Environment, name: str) -> tuple[Reads, list[str]]:
    """What one template reads, and the templates it names."""
    source, _, _ = environment.loader.get_source(environment, name)
    tree = environment.parse(source)
    referenced = list(meta.find_referenced_templates(tree))
    # `value|rendered_once("partials/x.html")` renders a partial from Python: it reads
    # what that template reads, as an include would.
    for node in tree.find_all(nodes.Filter):
        if node.name == "rendered_once":
            template = node.args[0] if node.args else None
            referenced.append(template.value if isinstance(template, nodes.Const) else None)
    if None in referenced:
        raise DynamicTemplate(f"{name} references a template by a variable")
    reads = Reads(frozenset(meta.find_undeclared_variables(tree)), _attribute_names(tree))
    return reads, referenced


def template_reads(environment: Environment, *names: str, parsed: dict | None = None) -> Reads:
    """What templates (and the templates they reference) may read. An over-approximation
    is fine: a variable declared in one template and read in an included one counts as
    read, and an attribute name counts for every value. ``parsed`` keeps each template's
    own findings between calls, as every page template shares a base."""
    parsed = {} if parsed is None else parsed
    found: dict[str, Reads] = {}
    pending = list(names)
    while pending:
        current = pending.pop()
        if current not in found:
            if current not in parsed:
                parsed[current] = _read_one(environment, current)
            found[current], referenced = parsed[current]
            pending.extend(referenced)
    attributes = [reads.attributes for reads in found.values()]
    return Reads(
        frozenset().union(*(reads.variables for reads in found.values())),
        None if None in attributes else frozenset().union(*attributes),
    )

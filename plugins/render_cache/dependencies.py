"""Which context variables a Jinja template can read, with everything it
extends, includes or imports."""

from __future__ import annotations

from jinja2 import Environment, meta


class DynamicTemplate(ValueError):
    """A template that names another one only at render time."""


def _read_one(environment: Environment, name: str) -> tuple[frozenset[str], list[str]]:
    """The variables one template reads and the templates it names."""
    source, _, _ = environment.loader.get_source(environment, name)
    tree = environment.parse(source)
    referenced = list(meta.find_referenced_templates(tree))
    if None in referenced:
        raise DynamicTemplate(f"{name} references a template by a variable")
    return frozenset(meta.find_undeclared_variables(tree)), referenced


def template_variables(
    environment: Environment, name: str, parsed: dict | None = None
) -> frozenset[str]:
    """Names a template (and the templates it references) may read from the context.

    An over-approximation is fine: a variable that is declared in one template
    and read in an included one is counted as read. ``parsed`` keeps each
    template's own findings between calls, as every page template shares a base.
    """
    parsed = {} if parsed is None else parsed
    seen: set[str] = set()
    names: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if current not in parsed:
            parsed[current] = _read_one(environment, current)
        found, referenced = parsed[current]
        names |= found
        pending.extend(referenced)
    return frozenset(names)

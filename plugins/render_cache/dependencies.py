"""Which context variables a Jinja template can read, with everything it
extends, includes or imports."""

from __future__ import annotations

from jinja2 import Environment, meta


class DynamicTemplate(ValueError):
    """A template that names another one only at render time."""


def template_variables(environment: Environment, name: str) -> frozenset[str]:
    """Names a template (and the templates it references) may read from the context.

    An over-approximation is fine: a variable that is declared in one template
    and read in an included one is counted as read.
    """
    seen: set[str] = set()
    names: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        source, _, _ = environment.loader.get_source(environment, current)
        tree = environment.parse(source)
        names |= meta.find_undeclared_variables(tree)
        for referenced in meta.find_referenced_templates(tree):
            if referenced is None:
                raise DynamicTemplate(f"{current} references a template by a variable")
            pending.append(referenced)
    return frozenset(names)

"""Which variables an inline python expression reads (d.getVar('X'), bb.utils.contains('X', ...)),
for the variables OVERRIDES depends on: a change to one of them recomputes the overrides."""
import ast

_getters = {"getVar", "getVarFlag", "appendVar", "prependVar", "setVar", "setVarFlag", "delVar", "delVarFlag", "appendVarFlag", "prependVarFlag", "expand"}
_contains = {"bb.utils.contains", "base_contains"}
_contains_any = {"bb.utils.contains_any", "bb.utils.filter"}
_cache = {}


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def of_expression(code):
    found = _cache.get(code)
    if found is not None:
        return found
    refs, contains = set(), {}
    try:
        tree = ast.parse(code.strip(), mode="eval")
    except SyntaxError:
        tree = None
    for node in ast.walk(tree) if tree else ():
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _dotted(node.func)
        first = node.args[0]
        literal = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
        if literal is None or name is None:
            continue
        if name in _contains and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            contains.setdefault(literal, set()).add(node.args[1].value)
        elif name in _contains_any:
            refs.add(literal)
        elif isinstance(node.func, ast.Attribute) and node.func.attr in _getters and name.split(".")[0] == "d":
            refs.add(literal)
    _cache[code] = (refs, contains)
    return refs, contains

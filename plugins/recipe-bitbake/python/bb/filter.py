"""Variable filters (bb.filter): functions marked as usable in filter expressions."""
FILTERS = {"__builtins__": {}}
CACHE = {}


class Namespace:
    """Holds the functions of a dotted filter name (`bb.utils.explode_deps`)."""


def filter_proc(*, name=None):
    def mark(func):
        parts = (name or func.__name__).split(".")
        scope = FILTERS
        for part in parts[:-1]:
            holder = scope.get(part) if isinstance(scope, dict) else getattr(scope, part, None)
            if holder is None:
                holder = Namespace()
                if isinstance(scope, dict):
                    scope[part] = holder
                else:
                    setattr(scope, part, holder)
            scope = holder
        if isinstance(scope, dict):
            scope[parts[-1]] = func
        else:
            setattr(scope, parts[-1], func)
        return func
    return mark


def apply_filters(val, expressions):
    for expression in expressions:
        expression = expression.strip()
        if expression:
            key = (val, expression)
            if key not in CACHE:
                CACHE[key] = eval(expression, dict(FILTERS), {"val": val})
            val = CACHE[key]
    return val


for _builtin in (all, any, bin, bool, chr, enumerate, float, format, hex, int, len, map, max, min, oct, ord, pow, str, sum):
    filter_proc()(_builtin)


@filter_proc()
def suffix(val, suffix):
    return " ".join(word + suffix for word in val.split())


@filter_proc()
def prefix(val, prefix):
    return " ".join(prefix + word for word in val.split())


@filter_proc()
def sort(val):
    return " ".join(sorted(val.split()))


@filter_proc()
def remove(val, remove, sep=None):
    unwanted = remove.split(sep) if isinstance(remove, str) else remove
    kept = [word for word in val.split(sep) if word not in unwanted]
    return (sep or " ").join(kept)

"""Variable filters (bb.filter): functions marked as usable in filter expressions."""
FILTERS = {"__builtins__": {}}
CACHE = {}


def filter_proc(*, name=None):
    def mark(func):
        FILTERS[name or func.__name__] = func
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

"""What the datastore modules share: how a copy points at its parent layer, the listed ${ keys
of flattened configuration layers, and when an override is active."""
LAYER_PARENT = "_data"
DOLLAR_KEYS = {}


def active(override, active_set):
    """A single override in the active set, or a combined one (a:b) whose parts all are."""
    return override in active_set or (":" in override and set(override.split(":")).issubset(active_set))

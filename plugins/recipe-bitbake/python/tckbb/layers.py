"""What the datastore modules share: how a copy points at its parent layer, the listed ${ keys
of flattened configuration layers, and when an override is active."""
LAYER_PARENT = "_data"
DOLLAR_KEYS = {}
# Every name that was ever given a `task` flag, in any datastore of this process: what a scan for
# the keys with a true `task` flag (bb.build.tasksbetween) needs to look at, out of thousands.
TASK_FLAGGED = set()

# Which overrides are active is an input of an expansion like a variable is. An expansion that
# tested override o "reads" the pseudo-variable "\0o:o" (and SENSITIVE, which only marks it); one
# that iterated the keys read the whole list (ACTIVE_OVERRIDES). A change of the active list
# "writes" the pseudo-variables of what changed, so only the expansions that tested those are
# forgotten, and a recipe shares with other recipes what tested only overrides it has in common
# with the configuration.
ACTIVE_OVERRIDES = "\0overrides"
SENSITIVE = "\0o"
_tested = {}


def tested(override):
    """The pseudo-variables an expansion reads by testing whether `override` (a:b too) is active."""
    names = _tested.get(override)
    if names is None:
        names = _tested[override] = (SENSITIVE,) + tuple("\0o:" + part for part in override.split(":"))
    return names


def override_changes(old, new):
    """The pseudo-variables a change of the active overrides from list `old` to `new` writes: the
    overrides that became active or inactive, and all of them if those active in both changed order
    (the last active override listed wins)."""
    if old == new:
        return ()
    before, after = set(old), set(new)
    changed = before ^ after
    common = before & after
    if [o for o in old if o in common] != [o for o in new if o in common]:
        changed = before | after
    return [ACTIVE_OVERRIDES] + ["\0o:" + o for o in changed]


def active(override, active_set):
    """A single override in the active set, or a combined one (a:b) whose parts all are."""
    return override in active_set or (":" in override and set(override.split(":")).issubset(active_set))

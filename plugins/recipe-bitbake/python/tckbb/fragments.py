"""addfragments: configuration fragments named in a variable (`layer/name`), each a .conf
found under the prefix in the layer of that name; builtin fragments (`prefix/value`) set a
variable instead."""
import os


def add(s, filename, d):
    import bb
    from tckbb import include
    if d.getVar("_BB_SKIP_FRAGMENTS") == "1":
        return
    fragments = d.getVar(s["variable"])
    layers = d.getVar("BBLAYERS")
    flagged = (d.getVar(s["flagged"]) or "").split()
    builtin = {}
    for entry in (d.getVar(s["builtin"]) or "").split():
        prefix, variable = entry.split(":")[:2]
        builtin[prefix] = variable
    if not fragments:
        return
    for prefix in builtin:
        enabled = [f for f in fragments.split() if f.startswith(prefix + "/")]
        if len(enabled) > 1:
            bb.warn("Multiple builtin fragments are enabled for %s via variable %s: %s. This likely points to a mis-configuration in the metadata, as only one of them should be set. The build will use the last value." % (prefix, s["variable"], " ".join(enabled)))
    for fragment in fragments.split():
        prefix, value = fragment.split("/", 1)
        if prefix in builtin:
            if d.getVar(builtin[prefix], noweakdefault=True) is not None:
                bb.fatal("A builtin fragment '%s' is used while %s has already got an assignment." % (fragment, builtin[prefix]))
            d.setVar(builtin[prefix], value, parsing=True)
            continue
        name = d.expand("{}/{}.conf".format(s["prefix"], value))
        path = None
        for layer in (layers or "").split():
            candidate = os.path.join(layer, name)
            if os.path.exists(candidate) and bb.utils.get_file_layer(candidate, d) == prefix:
                path = candidate
                break
        if not path:
            bb.fatal("Could not find fragment {} in enabled layers:\n\t{}".format(fragment, "\n\t".join((layers or "").split())))
        include.include(filename, path, s["line"], d, "include fragment")
        for variable in flagged:
            d.setVarFlag(variable, fragment, d.getVar(variable))
            d.setVar(variable, None)

"""Which recipe file provides a PN: PREFERRED_VERSION / REQUIRED_VERSION (with `%` matching
any rest), then layer priority, DEFAULT_PREFERENCE and the highest version — BitBake's rules."""
import re

import bb


def _version_setting(d, keyword, pn):
    return d.getVar("%s_VERSION:pn-%s" % (keyword, pn)) or d.getVar("%s_VERSION_%s" % (keyword, pn)) or d.getVar("%s_VERSION" % keyword)


def _matches(candidate, epoch, version, revision):
    if revision is not None and candidate["pr"] != revision:
        return False
    if epoch is not None and candidate["pe"] != epoch:
        return False
    return version == candidate["pv"] or (version.endswith("%") and candidate["pv"].startswith(version[:-1]))


def best(d, pn, candidates):
    """candidates: [{name, pe, pv, pr, preference, priority}] → the chosen name and a note."""
    groups = {}
    for c in candidates:
        groups.setdefault(c["priority"], {}).setdefault(c["preference"], []).append(c)
    ordered = []
    for priority in sorted(groups):
        ordered = [[c for preference in sorted(groups[priority]) for c in groups[priority][preference]]] + ordered
    required = _version_setting(d, "REQUIRED", pn)
    wanted = required or _version_setting(d, "PREFERRED", pn)
    if wanted:
        m = re.match(r"(\d+:)*(.*)(_.*)*", wanted)
        epoch = m.group(1)[:-1] if m.group(1) else None
        version = m.group(2)
        revision = m.group(3)[1:] if m.group(3) else None
        for group in ordered:
            for c in group:
                if _matches(c, epoch, version, revision):
                    return c["name"], None
        if required:
            return None, "required version %s of %s is not available" % (wanted, pn)
    latest = None
    for c in ordered[0]:
        key = (c["pe"], c["pv"], c["pr"])
        if latest is None or (latest["preference"] == c["preference"] and bb.utils.vercmp((latest["pe"], latest["pv"], latest["pr"]), key) < 0) or c["preference"] > latest["preference"]:
            latest = c
    note = "preferred version %s of %s is not available" % (wanted, pn) if wanted else None
    return latest["name"], note

"""Real BitBake's view of a build directory, for `npm run conformance bitbake`.

Runs BitBake's own library in-process (the configuration builder and recipe parser that
`bitbake -p` runs in its parser processes), two processes in parallel, and writes one JSON line
per recipe file in the shape tck's worker answers: every variant's virtual name, skip reason,
summary values and task flags; and, for the recipes named in --all, every variable.

Usage (as a non-root user, in the build directory, with BitBake's lib on PYTHONPATH):
  python3 reference.py --out ref.jsonl [--all names.txt]
"""
import argparse
import json
import multiprocessing
import os
import re
import sys

import bb
import bb.cache
import bb.cooker
import bb.cookerdata
import bb.parse

SUMMARY = ["PN", "PV", "PR", "PE", "DEPENDS", "PROVIDES", "RPROVIDES", "SRC_URI", "S", "B", "D", "WORKDIR", "PACKAGES",
           "PACKAGES_DYNAMIC", "DEFAULT_PREFERENCE", "EXCLUDE_FROM_WORLD", "LICENSE", "SUMMARY", "FILE_LAYERNAME", "BB_DONT_CACHE"]
PER_PACKAGE = ["RDEPENDS", "FILES"]

builder = None
collection = None
wanted_all = set()


def text(value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return [text(v) for v in value]
    return str(value)


def safe(d, name):
    try:
        return text(d.getVar(name))
    except Exception as error:
        return {"error": "%s: %s" % (type(error).__name__, error)}


def summary(fn, variant, d):
    skipped = d.getVar("__SKIPPED")
    values = {name: safe(d, name) for name in SUMMARY}
    pn = values.get("PN") or ""
    for name in PER_PACKAGE:
        values["%s:${PN}" % name] = safe(d, "%s:%s" % (name, pn))
    tasks = []
    for task in d.getVar("__BBTASKS", False) or []:
        flags = d.getVarFlags(task) or {}
        tasks.append({"name": task, "flags": {k: text(v) for k, v in sorted(flags.items()) if k != "_content"}})
    return {"name": bb.cache.realfn2virtual(fn, variant, ""), "variant": variant,
            "skipped": None if skipped is None else str(skipped), "values": values, "tasks": tasks,
            "inherits": list(d.getVar("__inherit_cache", False) or [])}


def all_values(d):
    values = {}
    for key in sorted(d.keys()):
        if key.startswith("__"):
            continue
        entry = {}
        try:
            value = d.getVar(key)
            entry["value"] = None if value is None else str(value)
        except Exception as error:
            entry["error"] = "%s: %s" % (type(error).__name__, error)
        func = d.getVarFlag(key, "func", False)
        if func:
            entry["func"] = "python" if d.getVarFlag(key, "python", False) else "shell"
        try:
            if bb.utils.to_boolean(d.getVarFlag(key, "export")):
                entry["export"] = True
            if bb.utils.to_boolean(d.getVarFlag(key, "unexport")):
                entry["unexport"] = True
        except ValueError:
            pass
        values[key] = entry
    return values


def parse_one(fn):
    appends = collection.get_file_appends(fn)
    layername = collection.calc_bbfile_priority(fn)[2]
    try:
        stores = builder.parseRecipeVariants(fn, appends, layername=layername)
    except Exception as error:
        return json.dumps({"file": fn, "error": "%s: %s" % (type(error).__name__, error)})
    variants = [summary(fn, variant, d) for variant, d in stores.items()]
    line = {"file": fn, "variants": variants}
    alls = {}
    for variant, d in stores.items():
        name = bb.cache.realfn2virtual(fn, variant, "")
        if name in wanted_all:
            alls[name] = all_values(d)
    if alls:
        line["all"] = alls
    return json.dumps(line)


def priorities(d):
    found = []
    for c in (d.getVar("BBFILE_COLLECTIONS") or "").split():
        pattern = d.getVar("BBFILE_PATTERN_%s" % c) or ""
        found.append((c, pattern, re.compile(pattern), int(d.getVar("BBFILE_PRIORITY_%s" % c) or 0)))
    return found


def main():
    global builder, collection, wanted_all
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--all", help="file with one virtual recipe name per line: dump every variable of these")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", action="append", help="parse only recipe files whose path contains this")
    args = parser.parse_args()
    if args.all:
        with open(args.all) as f:
            wanted_all = set(line.strip() for line in f if line.strip())

    configuration = bb.cookerdata.CookerConfiguration()
    configuration.env = dict(os.environ)
    builder = bb.cookerdata.CookerDataBuilder(configuration, False)
    builder.parseBaseConfiguration()
    data = builder.data
    data.setVar("BB_CMDLINE", "['bitbake', '-p']")
    collection = bb.cooker.CookerCollectFiles(priorities(data))
    files, masked, _ = collection.collect_bbfiles(data, data)
    if args.only:
        files = [f for f in files if any(part in f for part in args.only)]
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool, open(args.out + ".tmp", "w") as out:
        out.write(json.dumps({"config": {"files": len(files), "masked": masked, "all": all_values(data) if wanted_all else None}}) + "\n")
        for line in pool.imap(parse_one, files, chunksize=4):
            out.write(line + "\n")
    os.rename(args.out + ".tmp", args.out)


if __name__ == "__main__":
    sys.exit(main())

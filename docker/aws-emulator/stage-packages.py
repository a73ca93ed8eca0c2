"""Copies an installed distribution and everything it requires (extras included) into a folder.

Usage: python3 stage-packages.py 'moto[server]' DEST
Run with the interpreter that has the packages installed; DEST becomes the image's site-packages.
Files are taken from each distribution's RECORD, so nothing else of the interpreter is copied.
"""

import importlib.metadata as metadata
import re
import shutil
import sys
from pathlib import Path

from packaging.requirements import Requirement


def closure(root):
    requirement = Requirement(root)
    seen = {}
    todo = [(requirement.name, set(requirement.extras))]
    while todo:
        name, extras = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen and extras <= seen[key][1]:
            continue
        dist = metadata.distribution(name)
        seen[key] = (dist, seen.get(key, (None, set()))[1] | extras)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in (extras or {""})):
                todo.append((req.name, set(req.extras)))
    return [dist for dist, _ in seen.values()]


def main(root, dest):
    dest = Path(dest)
    for dist in closure(root):
        for file in dist.files or []:
            if file.parts[0] == ".." or "__pycache__" in file.parts:
                continue
            source = Path(dist.locate_file(file))
            if source.is_file():
                target = dest / file
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        print(f"{dist.metadata['Name']}=={dist.version}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

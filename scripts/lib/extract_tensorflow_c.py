"""Copy the TensorFlow C library and its C headers into tfjs-node's deps/.

The tensorflow-cpu wheel ships libtensorflow_cc.so.2 and
libtensorflow_framework.so.2, which export the TF_* and TFE_* C API that
tfjs-node's binding calls, and the C headers under tensorflow/include.
SOURCE is either the wheel file or an installed `tensorflow` package folder.

usage: python extract_tensorflow_c.py SOURCE DEPS_DIR
"""

import os
import re
import shutil
import sys
import zipfile

LIBRARIES = ("libtensorflow_cc.so.2", "libtensorflow_framework.so.2")

# Headers reached from tensorflow/c/c_api.h and tensorflow/c/eager/c_api.h.
HEADER = re.compile(
    r"^include/("
    r"tensorflow/c/.*"
    r"|tensorflow/core/platform/ctstring.*"
    r"|tensorflow/tsl/platform/ctstring.*"
    r"|tensorflow/compiler/xla/tsl/c/.*"
    r"|tsl/platform/ctstring.*"
    r"|xla/tsl/c/.*"
    r")\.h$"
)


def list_wheel(wheel):
    """Yield (relative path, opener) for files under tensorflow/ in a wheel."""
    archive = zipfile.ZipFile(wheel)
    for name in archive.namelist():
        if name.startswith("tensorflow/"):
            yield name[len("tensorflow/"):], (lambda n=name: archive.open(n))


def list_folder(folder):
    """Yield (relative path, opener) for files in an installed tensorflow package."""
    for parent, _, files in os.walk(folder):
        for file in files:
            full = os.path.join(parent, file)
            relative = os.path.relpath(full, folder).replace(os.sep, "/")
            yield relative, (lambda f=full: open(f, "rb"))


def copy(opener, destination):
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    with opener() as source, open(destination + ".part", "wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)
    os.replace(destination + ".part", destination)


def main(source, deps_dir):
    entries = list_wheel(source) if zipfile.is_zipfile(source) else list_folder(source)
    found_libraries = set()
    header_count = 0

    for relative, opener in entries:
        if relative in LIBRARIES:
            copy(opener, os.path.join(deps_dir, "lib", relative))
            found_libraries.add(relative)
        elif HEADER.match(relative):
            copy(opener, os.path.join(deps_dir, relative))
            header_count += 1

    missing = sorted(set(LIBRARIES) - found_libraries)
    if missing or header_count == 0:
        sys.exit(
            f"{source} is not a usable TensorFlow package: missing {', '.join(missing) or 'C headers'}"
        )
    print(f"[dl30] 已复制 TensorFlow C 库 {len(found_libraries)} 个、头文件 {header_count} 个")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

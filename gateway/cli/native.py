"""`python -m gateway native {build,status,clean}`: the compiled hot path (see `gateway.native`).

`build` compiles `gateway.native.MODULES` with mypyc (from the `native` dependency group: mypy
and setuptools, plus a C compiler), and the C sources of `gateway.native.EXTENSIONS`, into
`.data/native/<interpreter>/`; it fails with a clear message, and changes nothing, when either
is missing: the gateway then runs as plain Python.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from gateway import native

__all__ = ["compiler_command", "main"]


_PLAIN = "the gateway runs as plain Python"


def compiler_command() -> str:
    """The C compiler a build would run: CC from the environment, else the interpreter's own
    (setuptools' lookup)."""
    from setuptools._distutils.ccompiler import new_compiler
    from setuptools._distutils.sysconfig import customize_compiler

    compiler = new_compiler()
    customize_compiler(compiler)
    command: list[str] = getattr(compiler, "compiler_so", None) or ["cc"]
    return command[0]


def _compiler() -> None:
    """Stop early, before minutes of analysis, when no C compiler will run."""
    command = compiler_command()
    if shutil.which(command) is None:
        raise SystemExit(f"cannot compile: no C compiler ({command} not found); {_PLAIN}")


def _compile(work: Path) -> dict[str, str]:
    """Compile into `work`/lib; module name → library path relative to it."""
    try:
        from mypyc.build import mypycify

        setuptools: Any = importlib.import_module("setuptools")  # typed loosely by its stubs
    except ImportError as error:
        raise SystemExit(
            f"cannot compile: {error.name} is not installed (uv sync --group native); {_PLAIN}"
        ) from error
    _compiler()
    sources = [str(native.source_path(name).relative_to(native.ROOT)) for name in native.MODULES]
    lib, temp = work / "lib", work / "obj"
    with contextlib.chdir(native.ROOT):
        extensions = mypycify(sources, opt_level="3", group_name=native.GROUP,
                              target_dir=str(work / "c"))  # fmt: skip
        extensions += [
            setuptools.Extension(name, [source], extra_compile_args=["-O3"])
            for name, source in native.EXTENSIONS.items()
        ]
        arguments = ["--quiet", "build_ext", "--build-lib", str(lib), "--build-temp", str(temp)]
        try:
            setuptools.setup(name="gateway-native", packages=[], py_modules=[],
                             ext_modules=extensions, script_args=arguments)  # fmt: skip
        except (Exception, SystemExit) as error:  # setup() turns its errors into SystemExit
            raise SystemExit(
                f"cannot compile ({type(error).__name__}: {error}); {_PLAIN}"
            ) from error
    libraries: dict[str, str] = {}
    for path in lib.rglob("*.so"):
        relative = path.relative_to(lib)
        name = ".".join((*relative.parent.parts, relative.name.split(".", 1)[0]))
        libraries[name] = str(relative)
    return libraries


def build() -> int:
    target = native.build_directory()
    with tempfile.TemporaryDirectory(prefix="gateway-native-") as folder:
        work = Path(folder)
        libraries = _compile(work)
        missing = [name for name in (*native.COMPILED, f"{native.GROUP}__mypyc")
                   if name not in libraries]  # fmt: skip
        if missing:
            raise SystemExit(f"the build made no library for {missing[0]}")
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(work / "lib", target)
    manifest = native.manifest_for(native.COMPILED, libraries)
    (target / native.MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"compiled {len(native.COMPILED)} modules into {target}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gateway native",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=("build", "status", "clean"))
    args = parser.parse_args(argv)
    if args.action == "build":
        return build()
    if args.action == "clean":
        shutil.rmtree(native.build_directory(), ignore_errors=True)
        print(f"removed {native.build_directory()}")
        return 0
    state = native.status()
    print(f"{'compiled' if state.enabled else 'plain Python'}: {state.reason}")
    return 0 if state.enabled else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

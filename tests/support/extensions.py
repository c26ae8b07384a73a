"""The gateway's C modules for tests: the one in use, else the one the last build made.

Plain-Python runs of the suite (`GATEWAY_NATIVE=0`) import no compiled module, yet still test the
C modules against the Python they stand for: loaded here from the build directory.  None only
where nothing could build them (no C compiler), which is asserted rather than assumed.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import shutil
import sys
from typing import Any

from gateway import native
from gateway.cli.native import compiler_command


def extension(name: str) -> Any:
    if native.status().enabled:
        return importlib.import_module(name)
    library = native.check(native.build_directory())[0].get(name)
    if library is None:
        assert shutil.which(compiler_command()) is None, "a compiler is here: build the hot path"
        return None
    loaded = sys.modules.get(f"_tested_{name}")
    if loaded is not None:
        return loaded
    loader = importlib.machinery.ExtensionFileLoader(name, str(library))
    spec = importlib.util.spec_from_file_location(name, library, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    sys.modules[f"_tested_{name}"] = module
    return module

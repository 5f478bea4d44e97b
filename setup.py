"""Builds llmcost._core with CMake for `pip install .` (configuration lives in pyproject.toml).

Runs `cmake -S <repo> -B <build_temp>/cmake -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=<this
python>` with tests, CLI, benchmarks and examples off, builds only the `_core` target (the data
files under data/ are embedded into it by CMake), and copies the module into the wheel.
Environment: LLMCOST_BUILD_TYPE (default Release), CMAKE_BUILD_PARALLEL_LEVEL (default 2).
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def version() -> str:
    m = re.search(r"project\(llmcost\s+VERSION\s+([0-9.]+)", (ROOT / "CMakeLists.txt").read_text())
    return m.group(1) if m else "0.0.0"


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        out = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve()
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        args = [
            f"-DCMAKE_BUILD_TYPE={os.environ.get('LLMCOST_BUILD_TYPE', 'Release')}",
            f"-DPython_EXECUTABLE={sys.executable}",
            "-DLLMCOST_BUILD_TESTS=OFF", "-DLLMCOST_BUILD_CLI=OFF", "-DLLMCOST_BUILD_BENCHMARKS=OFF",
            "-DLLMCOST_BUILD_EXAMPLES=OFF", "-DLLMCOST_INSTALL=OFF", "-DLLMCOST_BUILD_PYTHON=ON",
        ]
        try:  # pybind11 from PyPI (isolated builds); Debian's is found by CMake on its own
            import pybind11
            args.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass
        if shutil.which("ninja") and not (build_dir / "CMakeCache.txt").exists():
            args += ["-G", "Ninja"]
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.check_call(["cmake", "-S", str(ROOT), "-B", str(build_dir), *args])
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "_core", "-j", jobs])
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        built = build_dir / "python" / "llmcost" / f"_core{suffix}"
        if not built.exists():
            raise RuntimeError(f"CMake did not produce {built}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, out)


setup(
    version=version(),
    ext_modules=[CMakeExtension("llmcost._core")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": "build-pip"}},
    zip_safe=False,
)

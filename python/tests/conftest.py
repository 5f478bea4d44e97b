"""Shared pytest setup: import llmcost from the CMake build (build/python)."""
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD_PY = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "python"
if BUILD_PY.is_dir() and str(BUILD_PY) not in sys.path:
    sys.path.insert(0, str(BUILD_PY))

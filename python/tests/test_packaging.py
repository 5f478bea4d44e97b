"""Packaging: `pip install .` into a fresh venv (offline, Debian packages), and the import hint.

The pip test copies the sources to a temporary directory, so that it neither writes into the
checkout nor races with other builds, and builds only `_core` in Release (about 2–3 minutes on
2 cores). Set LLMCOST_SKIP_PIP_TEST=1 to skip it in a quick local run.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NEEDED = ["CMakeLists.txt", "CMakePresets.json", "README.md", "pyproject.toml", "setup.py", "cmake", "include", "src",
          "data", "python"]


def test_import_without_extension_gives_a_hint(tmp_path):
    # The source package without a built _core: the error says how to build it.
    shutil.copytree(ROOT / "python" / "llmcost", tmp_path / "llmcost",
                    ignore=shutil.ignore_patterns("_core*.so", "__pycache__"))
    r = subprocess.run([sys.executable, "-c", "import llmcost"], cwd=tmp_path, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert r.returncode != 0
    assert "Did you build it?" in r.stderr and "pip install ." in r.stderr


def test_all_is_one_curated_list_of_every_public_name():
    import llmcost
    import llmcost._core as core
    assert len(set(llmcost.__all__)) == len(llmcost.__all__), "a name is listed twice"
    missing = [n for n in llmcost.__all__ if not hasattr(llmcost, n)]
    assert not missing, f"listed in __all__ but not defined: {missing}"
    # Every public name of the compiled core reaches users through __all__ (private ones start with _).
    unlisted = sorted(n for n in dir(core) if not n.startswith("_") and n not in llmcost.__all__)
    assert not unlisted, f"public in llmcost._core but not in llmcost.__all__: {unlisted}"
    namespace: dict = {}
    exec("from llmcost import *", namespace)
    assert set(llmcost.__all__) <= set(namespace)
    # Written once (no `__all__ +=`), grouped by area under a comment, sorted within each group.
    source = (ROOT / "python" / "llmcost" / "__init__.py").read_text()
    assert source.count("__all__ =") == 1 and "__all__ +=" not in source
    listing = source[source.index("__all__ = ["):]
    listing = listing[:listing.index("\n]\n")]
    groups = [re.findall(r'"([^"]+)"', chunk.partition("\n")[2]) for chunk in listing.split("\n    # ")[1:]]
    assert len(groups) >= 5 and sum(map(len, groups)) == len(llmcost.__all__) - 1  # all but __version__
    for g in groups:
        assert g == sorted(g), f"not sorted: {g}"


def test_pip_install_in_venv(tmp_path):
    if os.environ.get("LLMCOST_SKIP_PIP_TEST"):
        pytest.skip("LLMCOST_SKIP_PIP_TEST is set")
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        pytest.skip("the venv/ensurepip module is missing (Debian: apt install python3-venv)")
    src = tmp_path / "src"
    src.mkdir()
    for name in NEEDED:
        p = ROOT / name
        if p.is_dir():
            shutil.copytree(p, src / name, ignore=shutil.ignore_patterns("__pycache__", "tests", "*.egg-info"))
        else:
            shutil.copy2(p, src / name)
    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    r = subprocess.run([str(py), "-m", "pip", "install", "--no-build-isolation", "--no-index", "-q", str(src)],
                       capture_output=True, text=True, env={**os.environ, "CMAKE_BUILD_PARALLEL_LEVEL": "2"},
                       timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    check = (
        "import importlib.resources as res, pathlib, llmcost\n"
        "assert 'site-packages' in llmcost.__file__, llmcost.__file__\n"
        "names = {p.name for p in res.files('llmcost').iterdir()}\n"
        "assert {'py.typed', '_core.pyi', 'plot.py', 'dask.py'} <= names, names\n"
        "e = llmcost.estimate_training(tokens=14.8e12, training_flop_per_token=6*37e9, gpus=2048, chip='H800',\n"
        "                              gpu_hours=2.788e6, price_usd_per_gpu_hour=2.0)\n"
        "print(e.cost_usd)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LLMCOST_BUILD_DIR")}
    r = subprocess.run([str(py), "-c", check], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert float(r.stdout) == 5.576e6  # DeepSeek-V3 TR Table 1: 2,788K GPU-h × $2

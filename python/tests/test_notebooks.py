"""The example notebooks run end to end (nbclient, the python3 kernel) and are committed clean."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("distributed")

ROOT = pathlib.Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "examples" / "notebooks"
NOTEBOOKS = ["deepseek_v3_cost", "r1_vs_o1", "what_if_chips"]


def _build_python_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "python"


def test_notebooks_match_their_py_twins_and_have_no_outputs():
    r = subprocess.run([sys.executable, str(NB_DIR / "sync.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    for name in NOTEBOOKS:
        nb = json.loads((NB_DIR / f"{name}.ipynb").read_text())
        for cell in nb["cells"]:
            assert not cell.get("outputs") and cell.get("execution_count") is None, name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs(name, monkeypatch):
    # The kernel is a separate process: it finds llmcost through PYTHONPATH (the CMake build), and
    # draws with ipykernel's inline backend (figures become image/png outputs).
    build_py = _build_python_dir()
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(build_py), os.environ.get("PYTHONPATH")])))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(NB_DIR)}})
    client.execute()  # raises CellExecutionError on any error
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "no plot was drawn"

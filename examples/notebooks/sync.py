"""Writes each notebook NAME.ipynb from its jupytext percent-format twin NAME.py (no outputs).

    python3 examples/notebooks/sync.py          # regenerate every .ipynb
    python3 examples/notebooks/sync.py --check  # exit 1 if an .ipynb differs from its .py

Cells start at `# %%` lines (`# %% [markdown]` for Markdown, whose lines drop the leading
"# "); the jupytext header block (`# ---` … `# ---`) is skipped. jupytext itself reads the
.py files the same way.
"""
from __future__ import annotations

import pathlib
import sys

import nbformat

HERE = pathlib.Path(__file__).resolve().parent
NOTEBOOKS = ("deepseek_v3_cost", "r1_vs_o1", "what_if_chips")


def to_notebook(py_text: str) -> nbformat.NotebookNode:
    lines = py_text.splitlines()
    if lines and lines[0] == "# ---":
        end = lines.index("# ---", 1)
        lines = lines[end + 1:]
    cells: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("# %%"):
            cells.append(("markdown" if "[markdown]" in line else "code", []))
        elif cells:
            cells[-1][1].append(line)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, body in cells:
        while body and not body[-1].strip():
            body.pop()
        if kind == "markdown":
            text = "\n".join(ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in body)
            nb.cells.append(nbformat.v4.new_markdown_cell(text))
        else:
            nb.cells.append(nbformat.v4.new_code_cell("\n".join(body)))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nb


def render(name: str) -> str:
    return nbformat.writes(to_notebook((HERE / f"{name}.py").read_text(encoding="utf-8"))) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for name in NOTEBOOKS:
        target = HERE / f"{name}.ipynb"
        text = render(name)
        if "--check" in argv:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run examples/notebooks/sync.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

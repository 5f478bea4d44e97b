"""The examples of README.md and docs/*.md run as written, so they cannot drift from the code.

Conventions for a fenced code block in those files (the info string after the backticks):

* ``python`` — run. The blocks of one file share one namespace and run in file order, so a block
  may use what an earlier block of the same file defined; each file starts from a fresh namespace,
  with the repository root as the working directory. A top-level expression whose trailing comment
  starts with a Python literal (``e.cost_usd   # 5576000.0``, ``x.grade   # 'derived'``,
  ``a.shape   # (6, 3): ...``) must equal that literal; a float is compared to the digits shown
  (half a unit of the last shown digit).
* ``sh`` / ``console`` — each line starting with ``llmcost`` (or ``$ llmcost``; a trailing ``\\``
  continues it) is a command of ``build/bin/llmcost``. Its subcommands and every ``--option``
  written on the line must exist (checked against ``--help``). Optional parts in ``[...]`` are
  dropped; what is left is run and must exit 0, unless it still holds a placeholder (an
  upper-case word such as ``FILE``, an alternative ``a | b``, or ``...``). In a ``console``
  block, the lines after a ``$ llmcost`` command are its expected output: every number shown there
  must appear in what the command prints.
* ``cpp`` — compiled (syntax only, with the flags of the C++ tests) against ``include/``:
  the block's ``#include`` lines at file scope, the rest inside ``int main()`` after
  ``using namespace llmcost;``. ``<!-- compile-fail: REGEX -->`` on the line before a block
  says the block shows a mistake: it must fail to compile with a diagnostic matching REGEX.
* ``<!-- not-run: reason -->`` on the line before a block skips it (pseudo-code, machine setup,
  a remote cluster); keep these rare. Blocks with any other info string (``toml``, ``cmake``,
  none) are not run.

Inline code spans that start with ``llmcost `` (``llmcost prices ratio o1 r1``) get the subcommand
and option check of a CLI line, without being run.
"""
from __future__ import annotations

import ast
import io
import json
import os
import re
import shlex
import subprocess
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("LLMCOST_BUILD_DIR", "build")
LLMCOST = BUILD / "bin" / "llmcost"
DOC_FILES = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    marker: tuple[str, str] | None  # ("not-run" | "compile-fail", argument)

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


MARKER = re.compile(r"<!--\s*(not-run|compile-fail):\s*(.*?)\s*-->")


def blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        start = i
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        prev = next((lines[k] for k in range(start - 1, -1, -1) if lines[k].strip()), "")
        mk = MARKER.search(prev)
        out.append(Block(path, start + 1, m.group(1), "\n".join(lines[start + 1:j]) + "\n",
                         (mk.group(1), mk.group(2)) if mk else None))
        i = j + 1
    return out


ALL_BLOCKS = [b for p in DOC_FILES for b in blocks(p)]


def test_markers_name_a_reason():
    for b in ALL_BLOCKS:
        if b.marker:
            assert b.marker[1], f"{b.where}: a {b.marker[0]} marker needs its reason or regex"
            if b.marker[0] == "compile-fail":
                assert b.lang == "cpp", f"{b.where}: compile-fail marks a cpp block"
    # Runnable kinds are found at all (a parser that finds nothing would pass every test).
    langs = {b.lang for b in ALL_BLOCKS}
    assert {"python", "sh", "cpp"} <= langs


def test_every_sh_block_is_run_or_marked():
    for b in ALL_BLOCKS:
        if b.lang in ("sh", "console") and not b.marker:
            assert cli_commands(b), f"{b.where}: a shell block with no llmcost command needs <!-- not-run: reason -->"


# ---- Python ------------------------------------------------------------------------------------

LITERAL_START = re.compile(r"""^(?:[-+]?\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?\b|'[^']*'|"[^"]*"|\([^()]*\)|True\b|False\b|None\b)""")


def expected_literal(comment: str):
    """The literal a trailing comment starts with, with the tolerance its digits imply."""
    m = LITERAL_START.match(comment.lstrip("#").strip())
    if not m:
        return None
    text = m.group(0)
    value = ast.literal_eval(text.replace("_", "") if text[0] not in "'\"" else text)
    tol = 0.0
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        mant, _, exp = text.replace("_", "").lower().partition("e")
        decimals = len(mant.partition(".")[2]) if "." in mant else 0
        tol = 0.5 * 10.0 ** (int(exp or 0) - decimals)
    return (value, tol)


def python_checks(source: str):
    """(line, expression source, expected, tolerance) for each expression with a literal comment."""
    tree = ast.parse(source)
    comments = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string
    out = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and node.end_lineno in comments:
            exp = expected_literal(comments[node.end_lineno])
            if exp is not None:
                out.append((node.lineno, ast.get_source_segment(source, node), *exp))
    return out


def equal(actual, expected, tol) -> bool:
    if isinstance(expected, bool) or expected is None or isinstance(expected, (str, tuple)):
        return actual == expected or (isinstance(expected, tuple) and tuple(actual) == expected)
    return abs(float(actual) - expected) <= tol


PY_FILES = sorted({b.path for b in ALL_BLOCKS if b.lang == "python"})


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples(path, monkeypatch):
    pytest.importorskip("numpy")
    monkeypatch.chdir(ROOT)
    import matplotlib
    matplotlib.use("Agg")
    namespace: dict = {"__name__": "__docs__"}
    ran = 0
    for b in (b for b in ALL_BLOCKS if b.path == path and b.lang == "python"):
        if b.marker and b.marker[0] == "not-run":
            continue
        checks = {line: (src, exp, tol) for line, src, exp, tol in python_checks(b.text)}
        tree = ast.parse(b.text, filename=b.where)
        for node in tree.body:
            line = b.line + node.lineno
            try:
                if isinstance(node, ast.Expr):
                    value = eval(compile(ast.Expression(node.value), b.where, "eval"), namespace)
                    if node.lineno in checks:
                        src, exp, tol = checks[node.lineno]
                        assert equal(value, exp, tol), \
                            f"{b.path.name}:{line}: {src} is {value!r}, the doc says {exp!r}"
                else:
                    exec(compile(ast.Module([node], []), b.where, "exec"), namespace)
            except AssertionError:
                raise
            except Exception as exc:  # noqa: BLE001 - report where in the doc it failed
                pytest.fail(f"{b.path.name}:{line}: {type(exc).__name__}: {exc}")
        ran += 1
    assert ran


# ---- CLI ---------------------------------------------------------------------------------------

def need_cli():
    if not LLMCOST.exists():
        pytest.skip(f"{LLMCOST} is not built")


@lru_cache(maxsize=None)
def help_of(path: tuple[str, ...]) -> dict:
    """Subcommands, positionals and options (name -> takes a value) of `llmcost PATH --help`."""
    r = subprocess.run([str(LLMCOST), *path, "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"llmcost {' '.join(path)} --help: {r.stderr}"
    info = {"subcommands": set(), "positionals": [], "options": {}}
    section = None
    for line in r.stdout.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            section = line[:-1]
            continue
        m = re.match(r"^  (\S+)(?: (\S+))?", line)
        if not m or line.startswith("   "):
            continue
        if section == "Subcommands":
            info["subcommands"].add(m.group(1))
        elif section == "Positionals":
            info["positionals"].append(m.group(1))
        elif section:  # "Options" and named option groups
            for name in m.group(1).split(","):
                if name.startswith("--"):
                    info["options"][name] = m.group(2) is not None  # takes a value
    return info


def cli_commands(b: Block) -> list[tuple[int, str, str]]:
    """(line, command, expected output) for each llmcost command of a sh/console block."""
    lines = b.text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        cmd = raw[2:] if raw.startswith("$ ") else raw
        if not cmd.startswith("llmcost"):
            i += 1
            continue
        start = i
        while cmd.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd = cmd.rstrip()[:-1] + " " + lines[i].strip()
        expected = []
        if raw.startswith("$ "):
            while i + 1 < len(lines) and not lines[i + 1].startswith("$ "):
                i += 1
                expected.append(lines[i])
        out.append((b.line + 1 + start, cmd, "\n".join(expected)))
        i += 1
    return out


def strip_comment(cmd: str) -> str:
    return re.sub(r"\s+#.*$", "", cmd)


PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*$|^(\.\.\.|…)$")


def check_words(cmd: str) -> tuple[str, ...]:
    """Walk the command's words through the CLI's help: each subcommand exists, each option exists
    at its level (or above), no stray argument. Placeholders, alternatives (``a | b``, ``x|y``) and
    optional groups ``[...]`` are allowed; an alternative inside ``[...]`` starts again from the
    subcommand the group opened at."""
    words = strip_comment(cmd).replace("[", " [ ").replace("]", " ] ").replace(" | ", " | ").split()
    assert words[0] == "llmcost"
    path: tuple[str, ...] = ()
    used = 0  # positionals of `path` consumed
    groups: list[tuple[tuple[str, ...], int]] = []
    i = 1
    while i < len(words):
        w = words[i]
        info = help_of(path)
        if w in (">", ">>", "2>", "<"):
            break  # a shell redirection ends the command
        if w == "[":
            groups.append((path, used))
        elif w == "]":
            groups.pop()
        elif w == "|":
            if groups:
                path, used = groups[-1]
        elif w.startswith("-"):
            name = w.split("=")[0]
            options = {}
            for k in range(len(path) + 1):
                options.update(help_of(path[:k])["options"])
            assert name in options, f"`{cmd}`: `llmcost {' '.join(path)}` has no option {name}"
            if options[name] and "=" not in w:
                i += 1  # its value
        elif w in info["subcommands"] and used == 0:
            path, used = path + (w,), 0
        elif used < len(info["positionals"]):
            used += 1
        elif PLACEHOLDER.match(w):
            pass
        else:
            pytest.fail(f"`{cmd}`: `llmcost {' '.join(path)}` has no subcommand or argument {w!r} "
                        f"(subcommands: {sorted(info['subcommands'])})")
        i += 1
    return path


def runnable(cmd: str) -> list[str] | None:
    """The command with optional [...] parts dropped, or None when a placeholder remains."""
    text = strip_comment(cmd)
    while re.search(r"\[[^\[\]]*\]", text):
        text = re.sub(r"\s*\[[^\[\]]*\]", "", text)
    words = shlex.split(text)
    if any(PLACEHOLDER.match(w) or "|" in w for w in words):
        return None
    return words


NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")

CLI_CASES = [(b, line, cmd, exp) for b in ALL_BLOCKS if b.lang in ("sh", "console") and not b.marker
             for line, cmd, exp in cli_commands(b)]


@pytest.mark.parametrize("block,line,cmd,expected", CLI_CASES,
                         ids=[f"{b.path.name}:{line}" for b, line, _, _ in CLI_CASES])
def test_cli_examples(block, line, cmd, expected):
    need_cli()
    check_words(cmd)
    words = runnable(cmd)
    if words is None:
        return
    r = subprocess.run([str(LLMCOST), *words[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"{block.path.name}:{line}: `{' '.join(words)}` exited {r.returncode}: {r.stderr}"
    for number in NUMBER.findall(expected):
        assert number in r.stdout, f"{block.path.name}:{line}: the doc shows {number}, `{' '.join(words)}` prints:\n{r.stdout}"


INLINE = re.compile(r"`(llmcost [^`]+)`")
INLINE_CASES = [(p, m.group(1)) for p in DOC_FILES
                for m in INLINE.finditer(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path,cmd", INLINE_CASES, ids=[c for _, c in INLINE_CASES])
def test_inline_commands_exist(path, cmd):
    need_cli()
    check_words(cmd)


# ---- C++ ---------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def cxx_flags() -> list[str]:
    db = BUILD / "compile_commands.json"
    if not db.exists():
        pytest.skip("no build/compile_commands.json")
    for entry in json.loads(db.read_text()):
        if entry["file"].endswith("tests/format_test.cpp"):
            args = shlex.split(entry["command"])
            keep = [args[0]]
            it = iter(args[1:])
            for a in it:
                if a in ("-o", "-c"):
                    next(it, None)
                elif a == "-isystem":
                    keep += [a, next(it)]
                elif a.startswith(("-I", "-D", "-std", "-W", "-f")) and a != "-fPIE":
                    keep.append(a)
            return keep
    pytest.skip("tests/format_test.cpp is not in compile_commands.json")


def cpp_source(text: str) -> str:
    includes = [l for l in text.splitlines() if l.startswith("#include")]
    body = [l for l in text.splitlines() if not l.startswith("#include")]
    return ("\n".join(["#include <iostream>", *includes]) + "\nint main() {\n  using namespace llmcost;\n"
            + "\n".join(body) + "\n}\n")


CPP_BLOCKS = [b for b in ALL_BLOCKS if b.lang == "cpp" and not (b.marker and b.marker[0] == "not-run")]


@pytest.mark.parametrize("block", CPP_BLOCKS, ids=[b.where for b in CPP_BLOCKS])
def test_cpp_examples(block, tmp_path):
    flags = cxx_flags()
    src = tmp_path / "example.cpp"
    src.write_text(cpp_source(block.text))
    # Doc fragments may leave a result unused: not a mistake in an example.
    r = subprocess.run([*flags, "-Wno-unused-variable", "-Wno-unused-value", "-Wno-unused-but-set-variable",
                        "-fsyntax-only", str(src)], capture_output=True, text=True, timeout=600)
    if block.marker and block.marker[0] == "compile-fail":
        assert r.returncode != 0, f"{block.where}: shown as a compile error, but it compiles"
        assert re.search(block.marker[1], r.stderr), f"{block.where}: fails, but not with /{block.marker[1]}/:\n{r.stderr}"
    else:
        assert r.returncode == 0, f"{block.where} does not compile:\n{r.stderr}"

"""`--output FILE` never destroys what FILE points at (src/cli/output_file.hpp).

Regular files are replaced atomically through an unpredictable mkstemp temp file in the same
directory; symlinks are followed and their target replaced (the link stays); hard-linked files
are refused; devices and FIFOs are written in place; a write error (a full device, a file-size
limit, a read-only directory) is a tagged error with exit 1 and leaves no temp file; so does
SIGTERM while writing; an input file is never overwritten, by any name.

Device nodes are made with os.mknod inside the test's own directory (the same major/minor as
null and full), never the real /dev entries.
"""
import json
import os
import pathlib
import resource
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("LLMCOST_BUILD_DIR", ROOT / "build")) / "bin" / "llmcost"

# A scenario without uncertainty: only the base point, so each run takes milliseconds.
TINY = 'name = "tiny"\nbase = "deepseek-v3"\n'


def run(*args, **kw):
    if "stdout" not in kw and "stderr" not in kw:
        kw["capture_output"] = True
    return subprocess.run([str(CLI), *args], text=True, timeout=120, **kw)


@pytest.fixture
def scenario(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    s = d / "tiny.toml"
    s.write_text(TINY)
    return s


def write_report(scenario, target, **kw):
    return run("run", str(scenario), "--format", "json", "--output", str(target), **kw)


def is_report(text):
    return json.loads(text)["scenario"] == "tiny"


def names(d):
    return sorted(p.name for p in pathlib.Path(d).iterdir())


def make_device(path, minor):
    """A character device with major 1 and `minor` (3: like null, 7: like full), or skip."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot create a device node here: {e}")
    try:  # a file system mounted nodev refuses to open device nodes
        os.close(os.open(path, os.O_WRONLY))
    except OSError as e:
        os.unlink(path)
        pytest.skip(f"device nodes cannot be opened here: {e}")


# ---- regular files -----------------------------------------------------------------------


def test_an_existing_file_is_replaced_and_keeps_its_mode(scenario, tmp_path):
    out = tmp_path / "out" / "res.json"
    out.parent.mkdir()
    out.write_text("old")
    os.chmod(out, 0o640)
    r = write_report(scenario, out)
    assert r.returncode == 0, r.stderr
    assert is_report(out.read_text())
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert names(out.parent) == ["res.json"]  # no temp file left behind


def test_a_new_file_gets_the_umask_mode(scenario, tmp_path):
    out = tmp_path / "new.json"
    r = write_report(scenario, out, preexec_fn=lambda: os.umask(0o027))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # 0666 & ~027
    # Written at once, then read back whole.
    assert is_report(out.read_text())


def test_a_missing_directory_is_a_tagged_error(scenario, tmp_path):
    r = write_report(scenario, tmp_path / "no" / "such" / "dir" / "out.json")
    assert r.returncode == 1
    assert "[llmcost.io.write]" in r.stderr and "No such file or directory" in r.stderr


def test_a_directory_or_a_socket_is_refused(scenario, tmp_path):
    r = write_report(scenario, tmp_path)
    assert r.returncode == 1 and "[llmcost.io.not_a_file]" in r.stderr
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.bind(str(sock_path))
        r = write_report(scenario, sock_path)
    assert r.returncode == 1 and "[llmcost.io.not_a_file]" in r.stderr and "socket" in r.stderr
    assert stat.S_ISSOCK(sock_path.lstat().st_mode)


# ---- planted names ---------------------------------------------------------------------


def test_a_planted_symlink_at_a_temp_name_is_never_followed(scenario, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    # The old fixed temp name, and other names a guessing attacker would try.
    planted = ["res.txt.tmp-llmcost", ".res.txt.tmp-llmcost", "res.txt.tmp", ".res.txt.tmp", "res.txt~",
               ".res.txt.swp", ".res.txt.llmcost-XXXXXX", "res.txt.new"]
    for name in planted:
        os.symlink(victim, out_dir / name)
    r = write_report(scenario, out_dir / "res.txt")
    assert r.returncode == 0, r.stderr
    assert victim.read_text() == "precious"
    for name in planted:
        assert (out_dir / name).is_symlink() and os.readlink(out_dir / name) == str(victim)
    assert is_report((out_dir / "res.txt").read_text())
    assert not (out_dir / "res.txt").is_symlink()
    assert names(out_dir) == sorted(planted + ["res.txt"])


# ---- symlinks and hard links ---------------------------------------------------------------


def test_a_symlink_is_kept_and_its_target_replaced(scenario, tmp_path):
    real_dir, link_dir = tmp_path / "real", tmp_path / "links"
    real_dir.mkdir()
    link_dir.mkdir()
    real = real_dir / "report.json"
    real.write_text("old")
    os.chmod(real, 0o600)
    link = link_dir / "latest.json"
    os.symlink("../real/report.json", link)  # relative, resolved against the link's directory
    chain = link_dir / "chain.json"
    os.symlink("latest.json", chain)  # a link to a link
    r = write_report(scenario, chain)
    assert r.returncode == 0, r.stderr
    assert chain.is_symlink() and os.readlink(chain) == "latest.json"
    assert link.is_symlink() and os.readlink(link) == "../real/report.json"
    assert is_report(real.read_text())
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert names(real_dir) == ["report.json"] and names(link_dir) == ["chain.json", "latest.json"]


def test_a_dangling_symlink_creates_its_target(scenario, tmp_path):
    link = tmp_path / "latest.json"
    os.symlink("made-by-llmcost.json", link)
    r = write_report(scenario, link)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink()
    assert is_report((tmp_path / "made-by-llmcost.json").read_text())


def test_a_symlink_loop_is_a_tagged_error(scenario, tmp_path):
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    r = write_report(scenario, tmp_path / "a")
    assert r.returncode == 1 and "[llmcost.io.write]" in r.stderr
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_a_hard_linked_file_is_refused_and_both_names_keep_their_text(scenario, tmp_path):
    out = tmp_path / "res.json"
    out.write_text("shared")
    os.link(out, tmp_path / "other-name.json")
    r = write_report(scenario, out)
    assert r.returncode == 1
    assert "[llmcost.io.hard_link]" in r.stderr and str(out) in r.stderr
    assert out.read_text() == "shared" and (tmp_path / "other-name.json").read_text() == "shared"
    assert os.stat(out).st_ino == os.stat(tmp_path / "other-name.json").st_ino
    assert names(tmp_path) == ["in", "other-name.json", "res.json"]


# ---- inputs ------------------------------------------------------------------------------


def test_an_input_is_never_overwritten_by_any_name(tmp_path):
    parent = tmp_path / "parent.toml"
    parent.write_text(TINY)
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\nname = "tiny"\n')
    os.symlink(child, tmp_path / "link-to-child.toml")
    os.link(child, tmp_path / "hard-link-to-child.toml")
    before = {p: p.read_bytes() for p in (parent, child)}
    for target in (child, parent, tmp_path / "link-to-child.toml", tmp_path / "hard-link-to-child.toml"):
        r = write_report(child, target)
        assert r.returncode == 1, target
        assert "[llmcost.io.overwrite_input]" in r.stderr, r.stderr
    # The scenario named through a symlink, the output at its real name.
    r = write_report(tmp_path / "link-to-child.toml", child)
    assert r.returncode == 1 and "[llmcost.io.overwrite_input]" in r.stderr
    assert {p: p.read_bytes() for p in (parent, child)} == before
    assert (tmp_path / "link-to-child.toml").is_symlink()


# ---- devices and FIFOs -------------------------------------------------------------------


def test_a_null_like_device_is_written_in_place_and_stays_a_device(scenario, tmp_path):
    null = tmp_path / "null"
    make_device(null, 3)
    r = write_report(scenario, null)
    assert r.returncode == 0, r.stderr
    st = null.lstat()
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert names(tmp_path) == ["in", "null"]


def test_a_full_device_is_an_error_never_a_success(scenario, tmp_path):
    full = tmp_path / "full"
    make_device(full, 7)
    r = write_report(scenario, full)
    assert r.returncode == 1
    assert "[llmcost.io.write]" in r.stderr and "No space left on device" in r.stderr
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert names(tmp_path) == ["full", "in"]
    # Standard output redirected to the full device: also an error, not exit 0.
    with open(full, "w") as f:
        r = run("run", str(scenario), stdout=f, stderr=subprocess.PIPE)
    assert r.returncode == 1
    assert "[llmcost.io.write]" in r.stderr and "standard output" in r.stderr


def test_a_fifo_is_written_in_place(scenario, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []

    def reader():
        with open(fifo) as f:
            got.append(f.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    r = write_report(scenario, fifo)
    t.join(timeout=60)
    if t.is_alive():  # nothing opened the FIFO for writing: release the reader
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        t.join(timeout=10)
    assert r.returncode == 0, r.stderr
    assert len(got) == 1 and is_report(got[0])
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert names(tmp_path) == ["in", "pipe"]


# ---- write errors and signals ------------------------------------------------------------


def test_a_file_size_limit_is_an_error_and_leaves_no_temp_file(scenario, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "res.json"
    out.write_text("old")

    def limit():  # the report is a few kB; allow 100 bytes
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))

    r = write_report(scenario, out, preexec_fn=limit)
    assert r.returncode == 1, r.stderr
    assert "[llmcost.io.write]" in r.stderr and "File too large" in r.stderr
    assert out.read_text() == "old"
    assert names(out_dir) == ["res.json"]


def test_a_read_only_directory_is_a_tagged_error_and_leaves_nothing(tmp_path):
    # Root ignores directory permissions, so as root the run drops to `nobody`; the files it
    # needs then live in a world-readable directory.
    base = pathlib.Path(tempfile.mkdtemp(prefix="llmcost-ro-"))
    try:
        os.chmod(base, 0o755)
        scenario = base / "tiny.toml"
        scenario.write_text(TINY)
        os.chmod(scenario, 0o644)
        ro = base / "read-only"
        ro.mkdir()
        (ro / "res.json").write_text("old")
        os.chmod(ro / "res.json", 0o666)
        os.chmod(ro, 0o555)
        preexec = None
        if os.geteuid() == 0:
            def preexec():
                os.setgid(65534)
                os.setuid(65534)
        try:
            for target in (ro / "res.json", ro / "new.json"):
                r = write_report(scenario, target, preexec_fn=preexec)
                assert r.returncode == 1, r.stderr
                assert "[llmcost.io.write]" in r.stderr and "Permission denied" in r.stderr
        except subprocess.SubprocessError as e:  # setuid refused in this sandbox
            pytest.skip(f"cannot drop root privileges here: {e}")
        assert names(ro) == ["res.json"] and (ro / "res.json").read_text() == "old"
    finally:
        os.chmod(base / "read-only", 0o755)
        shutil.rmtree(base)


def test_sigterm_while_writing_leaves_no_temp_file(tmp_path):
    # A sweep of 150,000 rows (about 25 MB of table) takes a while to write and fsync. The
    # test waits for the temp file to appear and only then sends SIGTERM.
    scenario = tmp_path / "big.toml"
    scenario.write_text('name = "big"\nbase = "deepseek-v3"\n[sweep]\nmode = "grid"\n'
                        'efficiency.mfu = { start = 0.2, stop = 0.5, steps = 300 }\n'
                        'pricing.rental_usd_per_gpu_hour = { start = 1.0, stop = 3.0, steps = 500 }\n')
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "sweep.txt"
    out.write_text("old")
    caught = 0
    for _ in range(3):
        p = subprocess.Popen([str(CLI), "run", str(scenario), "--output", str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 300
        seen = False
        while p.poll() is None and time.monotonic() < deadline:
            if len(os.listdir(out_dir)) > 1:  # the temp file exists: the write has begun
                p.send_signal(signal.SIGTERM)
                seen = True
                break
        p.communicate(timeout=300)
        assert names(out_dir) == ["sweep.txt"], "a temp file was left behind"
        if seen and p.returncode == -signal.SIGTERM:
            caught += 1
            # Either the signal came before the rename (the old text stays) or just after it.
            text = out.read_text()
            assert text == "old" or text.startswith("Scenario: big")
            break
        assert p.returncode == 0, p.stderr
        out.write_text("old")
    assert caught == 1, "SIGTERM never arrived while the report was being written"

"""The ``pushback`` command line on bad input: one-line errors, exit codes, and nothing lost."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

PUSHBACK = [sys.executable, "-m", "server.cli"]
BINARY = bytes([0xBB, 0xFF, 0x00, 0x81]) * 64


def run(*args: str, env: dict | None = None, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [*PUSHBACK, *args], input=stdin, capture_output=True, text=True, env=environment, cwd=cwd, timeout=120
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip() and " INFO " not in line]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["assess"], "bin.json"),
        (["scenarios", "validate"], "bin.yaml"),
        (["lint-okrs"], "bin.md"),
        (["import-okrs"], "bin.md"),
    ],
)
def test_binary_input_is_one_line_error(tmp_path, command, name):
    path = tmp_path / name
    path.write_bytes(BINARY)
    extra = ["--pattern", "sandbagger", "--out", str(tmp_path / "out.yaml")] if command == ["import-okrs"] else []

    result = run(*command, str(path), *extra)

    assert_one_line_error(result, "not UTF-8")
    assert not (tmp_path / "out.yaml").exists()


def test_validate_empty_file_says_empty(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("\n  \n", encoding="utf-8")

    result = run("scenarios", "validate", str(path))

    assert_one_line_error(result, "the file is empty")
    assert "NoneType" not in result.stderr


def test_chat_session_out_directory_rejected_first(tmp_path):
    result = run("chat", "task-lister", "--session-out", str(tmp_path), stdin="What does success look like?\n")

    assert_one_line_error(result, "is a directory")
    assert result.returncode == 2
    # The check runs before the conversation, so the persona never spoke.
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_chat_session_out_unwritable_leaves_nothing(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):
        pytest.skip("running as a user who can write anywhere")
    try:
        result = run("chat", "task-lister", "--session-out", str(folder / "s.json"), stdin="Hello\n")
    finally:
        folder.chmod(0o700)

    assert_one_line_error(result, "cannot write the session record")
    assert list(folder.iterdir()) == []


def test_chat_logs_no_info_lines(tmp_path):
    result = run("chat", "task-lister", stdin="What does success look like?\n", env={"PUSHBACK_LOG_LEVEL": ""})

    assert result.returncode == 0
    assert " INFO " not in result.stderr
    assert " INFO " not in result.stdout


def test_chat_log_level_setting_applies(tmp_path):
    result = run("chat", "task-lister", stdin="Hi\n", env={"PUSHBACK_LOG_LEVEL": "info"})

    assert result.returncode == 0
    assert "text rehearsal started" in result.stderr


def test_import_out_directory_rejected(tmp_path):
    sheet = tmp_path / "okrs.md"
    sheet.write_text("# Grow\n- Launch the new site\n", encoding="utf-8")

    result = run("import-okrs", str(sheet), "--pattern", "sandbagger", "--out", str(tmp_path))

    assert_one_line_error(result, "is a directory")


def test_import_rejects_sheet_over_size_limit(tmp_path):
    sheet = tmp_path / "huge.md"
    sheet.write_text("# Grow\n" + "".join(f"- Launch feature number {i}\n" for i in range(10_000)), encoding="utf-8")
    out = tmp_path / "huge.yaml"

    result = run("import-okrs", str(sheet), "--pattern", "sandbagger", "--out", str(out))

    assert_one_line_error(result, "at most 200 kB")
    assert not out.exists()


def test_import_rejects_too_many_key_results(tmp_path):
    sheet = tmp_path / "many.md"
    sheet.write_text("# Grow\n" + "".join(f"- Grow revenue by {i}%\n" for i in range(61)), encoding="utf-8")
    out = tmp_path / "many.yaml"

    result = run("import-okrs", str(sheet), "--pattern", "sandbagger", "--out", str(out))

    assert_one_line_error(result, "61 Key Results", "at most 60")
    assert not out.exists()


def test_import_accepts_sixty_key_results(tmp_path):
    sheet = tmp_path / "sixty.md"
    sheet.write_text("# Grow\n" + "".join(f"- Grow revenue by {i}%\n" for i in range(60)), encoding="utf-8")

    result = run("import-okrs", str(sheet), "--pattern", "sandbagger", "--out", str(tmp_path / "sixty.yaml"))

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ({"PUSHBACK_DATA_DIR": "FILE"}, ["PUSHBACK_DATA_DIR", "is a file"]),
        ({"PUSHBACK_LOG_LEVEL": "LOUD"}, ["PUSHBACK_LOG_LEVEL", "'LOUD'"]),
        ({"DATABASE_URL": "notaurl"}, ["DATABASE_URL is not a database URL"]),
        ({"DATABASE_URL": "mysql://x"}, ["DATABASE_URL", "'mysql'"]),
        ({"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}, ["cannot open the database in DATABASE_URL"]),
    ],
)
def test_serve_bad_setting_exits_2(tmp_path, setting, words):
    data_file = tmp_path / "a-file"
    data_file.write_text("x", encoding="utf-8")
    env = {"PUSHBACK_DATA_DIR": str(tmp_path / "data"), "PUSHBACK_PORT": "1"}
    env.update({name: str(data_file) if value == "FILE" else value for name, value in setting.items()})
    if "PUSHBACK_LOG_LEVEL" not in setting:
        env["PUSHBACK_LOG_LEVEL"] = "WARNING"

    result = run("serve", env=env)

    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in errors[0]


def test_output_to_closed_pipe_exits_quietly(tmp_path):
    sheet = tmp_path / "okrs.md"
    sheet.write_text("# Grow\n" + "".join(f"- Launch feature number {i}\n" for i in range(300)), encoding="utf-8")
    # A pipe whose reader has already exited, as after `| head -1`. Closing the
    # read end first makes the first write fail, so the test does not race the reader.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [*PUSHBACK, "lint-okrs", str(sheet)], stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60
        )
    finally:
        os.close(write_end)

    assert result.stderr == ""
    assert result.returncode == 141


def test_chat_ctrl_c_finishes_record(tmp_path):
    out = tmp_path / "session.json"
    pid, terminal = pty.fork()
    if pid == 0:
        os.execv(sys.executable, [*PUSHBACK, "chat", "fog-machine", "--session-out", str(out)])

    def read(seconds: float) -> str:
        output = b""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([terminal], [], [], 0.1)
            if ready:
                try:
                    output += os.read(terminal, 4096)
                except OSError:
                    break
        return output.decode(errors="replace")

    opening = read(8)
    os.write(terminal, b"What does engagement mean for you?\n")
    read(3)
    os.write(terminal, b"\x03")
    ending = read(5)
    _, wait_status = os.waitpid(pid, 0)

    assert "> " in opening
    assert os.waitstatus_to_exitcode(wait_status) == 130
    assert "Traceback" not in ending
    assert "Key Results (motivation" in ending
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["complete"] is True
    assert record["end_reason"] == "manager_ended"
    assert [kr["id"] for kr in record["key_results"]] == ["kr1", "kr2", "kr3"]
    assert any(event.get("text") == "What does engagement mean for you?" for event in record["events"])

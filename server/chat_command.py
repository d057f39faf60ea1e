"""``pushback chat`` (text rehearsal) and ``pushback import-okrs``."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import TextIO

from personas import PATTERNS, Conversation, Scenario, ScenarioError, list_scenarios, load_scenario, load_scenario_file
from personas.actors import actor_from_env
from server.text_record import TextSessionRecord

logger = logging.getLogger("pushback.chat")

END_COMMANDS = ("/end", "/quit")

# 128 + SIGINT, the status shells report for a program stopped by Ctrl-C.
EXIT_INTERRUPTED = 130


def run_chat(
    scenario_id: str,
    session_out: str | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    actor: object | None = None,
) -> int:
    """Rehearse in text: one manager line per input line, the persona's reply printed after each.

    ``scenario_id`` is a built-in id or the path of a scenario file. Input
    ends at end of file or at a line ``/end``. Returns the exit status.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        scenario = _load(scenario_id)
    except (KeyError, ScenarioError) as error:
        print(error.args[0] if isinstance(error, KeyError) else error, file=sys.stderr)
        return 2
    try:
        actor = actor or actor_from_env(scenario)
    except ValueError as error:
        print(f"invalid LLM setting: {error}", file=sys.stderr)
        return 2

    if session_out:
        problem = _unwritable_reason(Path(session_out))
        if problem:
            print(f"error: cannot write the session record to {session_out}: {problem}", file=sys.stderr)
            return 2

    session_id = uuid.uuid4().hex
    conversation = Conversation(scenario, actor=actor, session_id=session_id)
    record = TextSessionRecord(scenario, session_id)
    logger.info(
        "session %s: text rehearsal started: scenario %s, actor %s", session_id, scenario.id, type(actor).__name__
    )
    status = 0
    with asyncio.Runner() as runner:
        try:
            _rehearse(runner, conversation, record, stdin, stdout, session_out)
        except KeyboardInterrupt:
            # Ctrl-C ends the rehearsal as /end does: the record is finished and the summary printed.
            print(file=stdout, flush=True)
            logger.info("session %s: ended by Ctrl-C", session_id)
            status = EXIT_INTERRUPTED
        except OSError as error:
            print(f"error: cannot write the session record to {session_out}: {error.strerror or error}", file=sys.stderr)
            return 1
        except Exception as error:
            logger.exception("session %s: text rehearsal failed", session_id)
            record.error("internal", f"{type(error).__name__}: {error}")
            record.end("error", conversation.key_results(), complete=False)
            if session_out:
                record.write(session_out)
            return 1
        finally:
            close = getattr(actor, "close", None)
            if close is not None:
                runner.run(close())

    record.end("manager_ended", conversation.key_results())
    if session_out:
        try:
            record.write(session_out)
        except OSError as error:
            print(f"error: cannot write the session record to {session_out}: {error.strerror or error}", file=sys.stderr)
            status = 1
    _print_summary(conversation, stdout)
    logger.info("session %s: text rehearsal ended after %d turns", session_id, record.turn)
    return status


def run_import_okrs(file: str, pattern: str, out: str) -> int:
    """Build a scenario from an OKR sheet, validate it and write it to ``out``; return the exit status."""
    from assessment import OkrSheetError

    from personas.importer import SheetImportError, build_scenario, write_scenario

    from server.scenario_routes import MAX_SHEET_BYTES, too_many_key_results

    if pattern not in PATTERNS:
        print(f"invalid --pattern {pattern!r}; use one of {', '.join(PATTERNS)}.", file=sys.stderr)
        return 2
    if Path(out).is_dir():
        print(f"import failed: --out {out} is a directory; give a file path such as {Path(out) / 'my-okrs.yaml'}.", file=sys.stderr)
        return 2
    try:
        size = Path(file).stat().st_size
    except OSError:
        size = 0  # the sheet reader reports a missing or unreadable file
    if size > MAX_SHEET_BYTES:
        print(
            f"import failed: {file} is {size / 1e6:.1f} MB, and an OKR sheet can be at most "
            f"{MAX_SHEET_BYTES // 1000} kB; keep only the OKRs.",
            file=sys.stderr,
        )
        return 1
    try:
        data = build_scenario(file, pattern)
        limit_error = too_many_key_results(data)
        if limit_error:
            raise SheetImportError(f"{file}: {limit_error}")
        scenario = write_scenario(data, out, file)
    except (OkrSheetError, SheetImportError, ScenarioError) as error:
        print(f"import failed: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"import failed: cannot write {out}: {error.strerror or error}; choose a path in a writable directory.", file=sys.stderr)
        return 1

    weak = [kr for kr in scenario.key_results if kr.weak]
    print(f"wrote {out}: scenario {scenario.id} with {len(scenario.key_results)} Key Results, {len(weak)} weak")
    for kr in scenario.key_results:
        print(f"  {kr.id}: {', '.join(kr.weaknesses) or 'outcome'}: {kr.text}")
    if not weak:
        print("note: the linter found no weak Key Result, so the persona has little to defend.", file=sys.stderr)
    print(f"rehearse it with: pushback chat {out}")
    return 0


def _load(scenario_id: str) -> Scenario:
    path = Path(scenario_id)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_scenario_file(path)
    try:
        return load_scenario(scenario_id)
    except KeyError:
        known = ", ".join(scenario.id for scenario in list_scenarios())
        raise KeyError(
            f"scenario {scenario_id!r} not found; use one of {known}, or the path of a scenario YAML file."
        ) from None


def _rehearse(
    runner: asyncio.Runner,
    conversation: Conversation,
    record: TextSessionRecord,
    stdin: TextIO,
    stdout: TextIO,
    session_out: str | None,
) -> None:
    """Run the conversation until end of input or ``/end``.

    Input is read outside the event loop, so Ctrl-C during a read raises
    ``KeyboardInterrupt`` at once; during a reply ``runner.run`` raises it.
    """
    name = conversation.scenario.persona.name
    opening = conversation.opening()
    record.decision(opening.decision)
    record.persona_said(opening.text or "")
    print(f"{name}: {opening.text}", file=stdout, flush=True)
    if session_out:
        record.write(session_out, conversation.key_results())

    prompt = "> " if _is_terminal(stdin) else ""
    while True:
        if prompt:
            print(prompt, end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if text.lower() in END_COMMANDS:
            break
        record.manager_said(text)
        runner.run(_reply(conversation, record, text, name, stdout))
        if session_out:
            record.write(session_out, conversation.key_results())


async def _reply(conversation: Conversation, record: TextSessionRecord, text: str, name: str, stdout: TextIO) -> None:
    reply = await conversation.respond(text)
    print(f"{name}:", end="", file=stdout, flush=True)
    async for sentence in reply.sentences():
        print(f" {sentence}", end="", file=stdout, flush=True)
    print(file=stdout, flush=True)
    # A streamed reply completes its decision (actor, fallback) when the stream ends.
    record.decision(reply.decision)
    record.persona_said(reply.spoken_text or "")
    if reply.decision.get("fallback"):
        record.error("llm_fallback", reply.decision["fallback"])


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _unwritable_reason(path: Path) -> str | None:
    """Return why a record cannot be saved at ``path``, or None when it can.

    Creates missing parent directories and a temporary file beside ``path``,
    which it removes, so the check leaves no file at ``path`` itself.
    """
    if path.is_dir():
        return "it is a directory; give a file path such as session.json."
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        return f"{error.strerror or error}; choose a path in a writable directory."
    return None


def _print_summary(conversation: Conversation, stdout: TextIO) -> None:
    print(f"\nKey Results (motivation {conversation.motivation:.2f}):", file=stdout)
    for kr in conversation.key_results():
        revised = f" -> {kr['revised_text']}" if kr["revised_text"] else ""
        print(f"  {kr['id']} {kr['state']}: {kr['text']}{revised}", file=stdout)

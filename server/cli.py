"""The ``pushback`` command line.

Each subcommand's work lives in its own module. This file only parses
arguments and dispatches, and it imports the heavy modules lazily, so
``pushback scenarios`` starts without loading any model.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pushback", description="Practise the OKR conversation out loud.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the web app")
    serve.add_argument("--host", help="interface to listen on (default: PUSHBACK_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="TCP port (default: PUSHBACK_PORT or 8000)")

    scenarios = commands.add_parser("scenarios", help="list the scenarios, or validate a scenario file")
    scenario_commands = scenarios.add_subparsers(dest="scenarios_command", metavar="validate")
    validate = scenario_commands.add_parser("validate", help="check a scenario file and report each problem")
    validate.add_argument("file", help="path of a scenario YAML file")

    chat = commands.add_parser("chat", help="rehearse in text: one manager line per input line")
    chat.add_argument("scenario_id", help="a scenario id from `pushback scenarios`, or a scenario YAML file")
    chat.add_argument("--session-out", metavar="FILE", help="write the session record to FILE")

    assess = commands.add_parser("assess", help="assess a saved session record")
    assess.add_argument("session_file", help="path of a session record JSON file")
    assess.add_argument("--format", choices=["json", "markdown"], default="markdown", help="output format")

    lint = commands.add_parser("lint-okrs", help="flag weak Key Results in an OKR sheet")
    lint.add_argument("file", help="Markdown, YAML or CSV OKR sheet")
    lint.add_argument("--format", choices=["text", "json"], default="text", help="output format")

    import_okrs = commands.add_parser("import-okrs", help="build a scenario on your own draft OKRs")
    import_okrs.add_argument("file", help="Markdown, YAML or CSV OKR sheet")
    import_okrs.add_argument("--pattern", required=True, help="persona pattern, such as task_lister")
    import_okrs.add_argument("--out", required=True, metavar="SCENARIO.yaml", help="where to write the scenario")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _configure_logging(args.command)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        status = _dispatch(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader of standard output (such as `head`) has exited. Point stdout
        # at /dev/null so the interpreter's final flush does not fail again, and
        # exit with the status of a process ended by SIGPIPE, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE


def _configure_logging(command: str) -> None:
    """Log to standard error: INFO for ``serve``, WARNING for the other commands, unless PUSHBACK_LOG_LEVEL is set.

    The other commands print their own output on the terminal, so INFO lines
    would interleave with it. Raises ``SettingsError`` for an unknown level.
    """
    from server.settings import log_level_from_env

    level = log_level_from_env(os.environ, "INFO" if command == "serve" else "WARNING")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "serve":
        from server.serve_command import run_serve

        return run_serve(host=args.host, port=args.port)
    if args.command == "scenarios":
        from server.scenarios_command import run_scenarios

        return run_scenarios(validate_file=getattr(args, "file", None))
    if args.command == "chat":
        from server.chat_command import run_chat

        return run_chat(args.scenario_id, session_out=args.session_out)
    if args.command == "assess":
        from server.assess_command import run_assess

        return run_assess(args.session_file, output_format=args.format)
    if args.command == "lint-okrs":
        from server.assess_command import run_lint_okrs

        return run_lint_okrs(args.file, output_format=args.format)
    if args.command == "import-okrs":
        from server.chat_command import run_import_okrs

        return run_import_okrs(args.file, pattern=args.pattern, out=args.out)
    raise AssertionError(f"unhandled command {args.command!r}")


if __name__ == "__main__":
    sys.exit(main())

"""Start real ``relay`` processes quickly, so that the crash tests can kill them mid-work.

Run as a script: it imports relay's CLI once, then reads one JSON request per line on stdin
(``{"argv": [...]}``), forks a child that runs ``relay.cli.app.main()`` with that command line,
exactly as the ``relay`` console script does, and answers with two JSON lines: the child's
pid as soon as it exists, then its exit status (negative: the signal that ended it) and how
long it ran. Each child is a separate process whose own work (reading, writing, exiting) is
relay's: only the import of Python modules, which writes nothing, is done beforehand.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback


def serve() -> None:
    # The imports every child would otherwise repeat (the CLI imports each command's stage
    # when the command runs, so they are named here).
    import relay.checks.engine
    import relay.cli.app
    import relay.exchange.handoff
    import relay.exchange.pseudo_catalogs
    import relay.publish.run
    import relay.report.html  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        started, wall = time.monotonic(), time.time()
        pid = os.fork()
        if pid == 0:
            _child(request["argv"], request.get("output", os.devnull))
        _answer({"pid": pid, "started": wall})
        _, status = os.waitpid(pid, 0)
        duration = time.monotonic() - started
        _answer({"pid": pid, "status": os.waitstatus_to_exitcode(status), "duration": duration})


def _child(argv: list[str], output: str) -> None:
    try:
        handle = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(handle, 1)
        os.dup2(handle, 2)
        sys.stdin.close()
        sys.argv = ["relay", *argv]
        from relay.cli.app import main

        main()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 70
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _answer(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    serve()

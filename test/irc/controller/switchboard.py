"""irctest controller for Switchboard's IRC listener (modelled on irctest's ngircd.py).

Put this folder on PYTHONPATH and pass `--controller switchboard`. Each test case gets a
fresh server: `bun run src/index.ts` from the repository root (three folders up, or
$SWITCHBOARD_ROOT to test another checkout), a throwaway --db file, free telnet and HTTP
ports, and the IRC port irctest picked.
"""

import os
from pathlib import Path
import secrets
import shutil
import socket
import subprocess
import time
from typing import Optional, Set, Type

from irctest import patma
from irctest.basecontrollers import BaseServerController, DirectoryBasedController, ProcessStopped
from irctest.runner import NotImplementedByController
from irctest.specifications import Capabilities, OptionalBehaviors

ROOT = Path(os.environ.get("SWITCHBOARD_ROOT") or Path(__file__).resolve().parents[3])

# How long a server may take to answer on its IRC port. Bun starts in well under a
# second; the margin is for a loaded 2-core CI machine.
START_TIMEOUT = 20.0


def bun_binary() -> str:
    """The Bun that runs the server: $SWITCHBOARD_BUN (the test runner passes its own),
    then PATH, then the one npm installed."""
    found = os.environ.get("SWITCHBOARD_BUN") or shutil.which("bun")
    if found:
        return found
    local = ROOT / "node_modules" / ".bin" / "bun"
    if local.exists():
        return str(local)
    raise FileNotFoundError("no bun: set SWITCHBOARD_BUN or put bun on PATH")


class _Lines:
    """Reads a socket line by line, with one deadline for a whole exchange."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = b""
        self.seen = b""

    def until(self, marker: bytes, deadline: float, whole_line: bool = True) -> bytes:
        """Returns everything up to and including the first line holding `marker`
        (up to the marker, for a prompt that ends no line); raises with what came
        instead when the deadline passes or the peer closes."""
        while True:
            start = self.buffer.find(marker)
            if start != -1:
                end = self.buffer.find(b"\n", start) if whole_line else start + len(marker) - 1
                if end != -1:
                    got, self.buffer = self.buffer[: end + 1], self.buffer[end + 1 :]
                    return got
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"waited for {marker!r}, got {self.seen[-600:]!r}")
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            if not data:
                raise ConnectionError(f"closed while waiting for {marker!r}, got {self.seen[-600:]!r}")
            self.buffer += data
            self.seen += data

    def answer(self, expected: bytes, deadline: float) -> bytes:
        """The server's next `-!- ` line (its answers to a telnet member; room lines
        come between), which must hold `expected`: a refusal fails at once, with its text."""
        while True:
            line = self.until(b"\n", deadline)
            if b"-!- " in line:
                if expected not in line:
                    raise AssertionError(f"expected {expected!r} from the telnet port, got {line.strip()!r}")
                return line


class SwitchboardController(BaseServerController, DirectoryBasedController):
    software_name = "Switchboard"
    supported_sasl_mechanisms: Set[str] = {"PLAIN"}
    supports_sts = False
    # Lines are answered in order, so irctest's PING/PONG fence is enough to collect
    # every reply: no sleep needed.
    sync_sleep_time = 0.0

    # The IRCv3 capabilities src/irc/capabilities.ts offers that irctest knows: a test
    # that asks for one of them fails on a NAK instead of being skipped. Keep the two
    # lists alike (sasl is supported_sasl_mechanisms; irctest names no userhost-in-names).
    capabilities = frozenset(
        (
            Capabilities.ACCOUNT_TAG,
            Capabilities.AWAY_NOTIFY,
            Capabilities.ECHO_MESSAGE,
            Capabilities.EXTENDED_JOIN,
            Capabilities.MESSAGE_TAGS,
            Capabilities.MULTI_PREFIX,
            Capabilities.SERVER_TIME,
        )
    )
    # `CAP REQ -cap` drops a capability (capabilities.ts): a test that finds it missing fails.
    optional_behaviors = frozenset((OptionalBehaviors.CAP_REQ_MINUS,))

    # What the contract says 005 carries (checked by isupport.py::testValues).
    isupport = {
        "CHANTYPES": "#",
        "NICKLEN": "16",
        "CASEMAPPING": patma.ANYSTR,
        "PREFIX": patma.ANYSTR,
    }

    telnet_port: int
    log_path: Optional[Path] = None

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: Optional[str],
        ssl: bool,
        run_services: bool,
        faketime: Optional[str],
        websocket_hostname: Optional[str],
        websocket_port: Optional[int],
    ) -> None:
        # run_services needs no separate process: accounts are the server's own.
        if password is not None:
            raise NotImplementedByController("server password")
        if ssl:
            raise NotImplementedByController("TLS")
        if websocket_hostname is not None or websocket_port is not None:
            raise NotImplementedByController("Websocket")
        assert self.proc is None
        self.port = port
        self.hostname = hostname
        self.create_config()
        assert self.directory
        # Reserved through irctest, so that two xdist workers never pick the same one.
        (_, self.telnet_port) = self.get_hostname_and_port()
        (_, http_port) = self.get_hostname_and_port()
        # What the server prints goes to a file, so that a server that stops can say why
        # (check_is_alive); IRCTEST_DEBUG_LOGS=1 streams it instead, as for any controller.
        self.log_path = self.directory / "server.log"
        log = None if self.debug_mode else self.log_path.open("wb")
        output = {} if log is None else {"stdout": log, "stderr": log}
        self.proc = self.execute(
            [
                bun_binary(),
                "run",
                str(ROOT / "src" / "index.ts"),
                "--host", "127.0.0.1",
                "--irc-port", str(port),
                "--telnet-port", str(self.telnet_port),
                "--http-port", str(http_port),
                "--db", str(self.directory / "switchboard.sqlite"),
                # irctest sends its lines as fast as it can; at the default 5/s (burst
                # 10) fakelag would hold them back and tests would time out.
                "--msg-rate", "1000",
                "--msg-burst", "1000",
            ],
            proc_name="switchboard",
            cwd=str(ROOT),
            # The console reads stdin; an empty one keeps it from reading pytest's.
            stdin=subprocess.DEVNULL,
            # In the worker's process group, not a session of its own: whoever kills
            # pytest's group (irctest.test.ts on a timeout) kills the servers too.
            start_new_session=False,
            **output,
        )
        if log is not None:
            log.close()  # the server holds its own copy

    def check_is_alive(self) -> None:
        try:
            super().check_is_alive()
        except ProcessStopped as stopped:
            log = self.log_path
            said = log.read_text(errors="replace").strip().splitlines() if log and log.exists() else []
            raise ProcessStopped(f"{stopped}: {' | '.join(said[-3:]) or 'nothing printed'}") from None

    def _terminate_process_group(self, sig) -> bool:  # type: ignore[no-untyped-def]
        # The server shares the pytest worker's group (see run): signalling the group
        # would kill the worker. `bun run` is one process, so signalling it is enough.
        return False

    def wait_for_port(self) -> None:
        """Waits until the IRC port registers a client, and takes the server's name
        from its 001 (irctest's patched tests compare against SERVER_NAME)."""
        deadline = time.monotonic() + START_TIMEOUT
        while not self.port_open:
            self.check_is_alive()
            try:
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=1.0)
            except ConnectionRefusedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
                continue
            with sock:
                lines = _Lines(sock)
                nick = "chk" + secrets.token_hex(4)
                sock.sendall(f"NICK {nick}\r\nUSER chk 0 * :port check\r\n".encode())
                welcome = lines.until(b" 001 ", deadline).rstrip(b"\r\n").split(b"\n")[-1]
                words = welcome.strip(b"\r").split(b" ")
                if words[0].startswith(b"@"):  # tags come before the prefix
                    words = words[1:]
                if not words[0].startswith(b":"):
                    raise AssertionError(f"001 without a server prefix: {welcome!r}")
                patma.set_server_name(words[0][1:].decode())
                # Leave before the test starts, so the check is not in its WHO or NAMES.
                sock.sendall(b"QUIT :chkport\r\n")
                try:
                    lines.until(b"ERROR", deadline)
                except ConnectionError:
                    pass  # closed without ERROR: quit.py::testQuitErrors says so itself
            self.port_open = True

    def wait_for_services(self) -> None:
        # Accounts are the server's own (no NickServ process to wait for): up is ready.
        self.wait_for_port()

    def registerUser(
        self,
        case,  # irctest.cases.BaseServerTestCase
        username: str,
        password: Optional[str] = None,
    ) -> None:
        """Registers `username` the way a person does: over the telnet port, in line
        mode (bare LF: no telnet negotiation), with /register PASSWORD."""
        assert password
        self.wait_for_port()
        deadline = time.monotonic() + 10
        with socket.create_connection(("127.0.0.1", self.telnet_port), timeout=5) as sock:
            lines = _Lines(sock)
            lines.until(b"nickname", deadline, whole_line=False)
            sock.sendall(username.encode() + b"\n")
            lines.answer(b"-!- You are ", deadline)
            sock.sendall(b"/register " + password.encode() + b"\n")
            lines.answer(b"is registered to you", deadline)
            sock.sendall(b"/quit\n")
            try:
                lines.until(b"Goodbye", deadline)
            except ConnectionError:
                pass  # gone: that is all /quit has to do


def get_irctest_controller_class() -> Type[SwitchboardController]:
    return SwitchboardController

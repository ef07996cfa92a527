"""The conversation with the agent of a container, over its attach stream.

Frames are a 4-byte big-endian length and that many bytes (deploy/sandbox/agent/main.go);
once the agent runs the program, it relays the program's output and exit status in
frames that also carry a kind byte (exec.go).
"""

import json
import select
import socket
import struct
import time
from typing import Any

import docker

from grader.playback import PlaybackDecoder, Times

# Frames the agent relays once the program runs (deploy/sandbox/agent/exec.go).
RELAY_STDOUT, RELAY_STDERR, RELAY_EXIT = ord("o"), ord("e"), ord("x")
RELAY_VET = ord("v")  # after the exit frame, from a build-exec container of a program


class _Deadline(Exception):
    pass


class _AgentFault(Exception):
    """The agent hung up or answered nonsense: a sandbox problem, not the learner's."""


class _Session:
    """The attach connection of one container: our bytes go to its stdin, and its
    stdout and stderr come back multiplexed (8-byte headers, no TTY)."""

    def __init__(self, api: docker.APIClient, container_id: str) -> None:
        params = {"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
        self._raw = api.attach_socket(container_id, params=params)
        self._sock: socket.socket = getattr(self._raw, "_sock", self._raw)
        self._pending = bytearray()
        self.stdout = bytearray()
        self.stderr = bytearray()
        self.eof = False
        # What the agent relays once it runs the program (see `pump`).
        self.program_output = {RELAY_STDOUT: bytearray(), RELAY_STDERR: bytearray()}
        self.program_exit: int | None = None
        self._playback: dict[int, PlaybackDecoder] = {}

    def decode_playback(self) -> None:
        """The program runs on the virtual clock: its output comes in playback frames
        (grader.playback), decoded as it arrives so that the output limit counts what
        the program wrote."""
        self._playback = {kind: PlaybackDecoder(data) for kind, data in self.program_output.items()}

    def program_times(self, kind: int) -> Times:
        """When the program wrote its output on the virtual clock (empty on the real one)."""
        decoder = self._playback.get(kind)
        if decoder is None:
            return []
        decoder.finish()
        return decoder.times

    def send(self, data: bytes, deadline: float) -> None:
        self._sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            self._sock.sendall(data)
        except TimeoutError:
            raise _Deadline from None
        except OSError as error:
            raise _AgentFault(f"the sandbox stopped reading its input ({error})") from None

    def send_frame(self, payload: bytes, deadline: float) -> None:
        self.send(struct.pack(">I", len(payload)) + payload, deadline)

    def waiting(self) -> bool:
        """True while the agent waits for its request: nothing to read, no hang-up."""
        try:
            readable, _, _ = select.select([self._sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable and not self.eof

    def close_stdin(self) -> None:
        try:
            self._sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self) -> None:
        for closable in (self._sock, self._raw):
            try:
                closable.close()
            except OSError:
                pass

    def fill(self, deadline: float) -> None:
        """Read what is available (waiting at most until deadline) into stdout/stderr."""
        if self.eof:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Deadline
        readable, _, _ = select.select([self._sock], [], [], remaining)
        if not readable:
            raise _Deadline
        self._sock.settimeout(0.0)
        try:
            chunk = self._sock.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self.eof = True
            return
        self._pending += chunk
        while len(self._pending) >= 8:
            stream, size = self._pending[0], struct.unpack(">I", self._pending[4:8])[0]
            if len(self._pending) < 8 + size:
                break
            target = self.stderr if stream == 2 else self.stdout
            target += self._pending[8 : 8 + size]
            del self._pending[: 8 + size]

    def read_stdout(self, count: int, deadline: float) -> bytes:
        while len(self.stdout) < count:
            if self.eof:
                detail = self.stderr.decode(errors="replace").strip()
                raise _AgentFault(detail or "the sandbox closed its output early")
            self.fill(deadline)
        data = bytes(self.stdout[:count])
        del self.stdout[:count]
        return data

    def read_frame(self, deadline: float) -> bytes:
        (size,) = struct.unpack(">I", self.read_stdout(4, deadline))
        return self.read_stdout(size, deadline)

    def read_json(self, deadline: float) -> dict[str, Any]:
        try:
            reply = json.loads(self.read_frame(deadline))
        except ValueError as error:
            raise _AgentFault(f"unreadable answer from the sandbox: {error}") from None
        if not isinstance(reply, dict):
            raise _AgentFault("unexpected answer from the sandbox")
        return reply

    def pump(self, deadline: float, limit: int) -> str:
        """Collect the program's relayed output until the agent reports its exit ("exit"),
        the streams close without that ("eof": the container died with the agent), the
        deadline passes ("deadline") or a stream holds more than limit bytes
        ("exceeded")."""
        while True:
            self._take_relay_frames()
            if self.program_exit is not None:
                return "exit"
            if any(len(output) > limit for output in self.program_output.values()):
                return "exceeded"
            if self.eof:
                return "eof"
            try:
                self.fill(deadline)
            except _Deadline:
                return "deadline"

    def _take_relay_frames(self) -> None:
        while len(self.stdout) >= 5 and self.program_exit is None:
            kind, size = self.stdout[0], struct.unpack(">I", self.stdout[1:5])[0]
            if len(self.stdout) < 5 + size:
                return
            payload = bytes(self.stdout[5 : 5 + size])
            del self.stdout[: 5 + size]
            if kind == RELAY_EXIT:
                try:
                    self.program_exit = int(json.loads(payload)["code"])
                except (ValueError, KeyError, TypeError) as error:
                    raise _AgentFault(f"unreadable exit frame: {error}") from None
            elif kind in self._playback:
                self._playback[kind].feed(payload)
            elif kind in self.program_output:
                self.program_output[kind] += payload
            else:
                raise _AgentFault(f"unknown relay frame {kind!r}")

    def read_relay(self, kind: int, deadline: float) -> bytes:
        """The payload of the next relay frame after the exit frame, of ``kind``."""
        while True:
            if len(self.stdout) >= 5:
                size = struct.unpack(">I", self.stdout[1:5])[0]
                if len(self.stdout) >= 5 + size:
                    if self.stdout[0] != kind:
                        raise _AgentFault(f"unexpected relay frame {self.stdout[0]!r}")
                    payload = bytes(self.stdout[5 : 5 + size])
                    del self.stdout[: 5 + size]
                    return payload
            if self.eof:
                raise _AgentFault("the sandbox closed its output early")
            self.fill(deadline)

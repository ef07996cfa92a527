"""The Go Playground's playback frames: what a program built with `-tags faketime`
writes to stdout and stderr, and when, on the virtual clock.

The faketime runtime (GOROOT/src/runtime/time_fake.go) precedes every write to fd 1
and 2 with a 16-byte header: the magic `\\0\\0PB`, the virtual time in nanoseconds since
1970 (8 bytes, big-endian) and the length of the data that follows (4 bytes,
big-endian). Whatever the program prints, the magic bytes included, is inside a
frame's data, so it cannot pass for a header. Bytes between frames (written past the
runtime, to a copy of fd 1 made with syscall.Dup) are output as they are, up to the
next header. Such a write can also forge a header, and so its own timing: timing is
only shown, never judged, and a program can print anything anyway. A stream cut short
(the output limit, a kill) keeps what arrived.
"""

import struct
from collections.abc import Iterator

MAGIC = b"\0\0PB"
HEADER = struct.Struct(">4sQI")
# Where the faketime clock starts: 2009-11-10 23:00:00 UTC, in nanoseconds.
EPOCH_NS = 1_257_894_000_000_000_000
# Timing kept per stream: a program that sleeps and prints in a loop gets markers for
# its first lines only, and the result stays small.
MAX_TIMES = 1000

# (offset in the stream, virtual milliseconds since the start): the output from that
# offset on was written at that time, later than what came before it.
Times = list[tuple[int, int]]


class PlaybackDecoder:
    """Decodes one stream fed in chunks of any size into `data` (the bytes the program
    wrote, which the output limit counts) and `times` (byte offsets in `data`)."""

    def __init__(self, data: bytearray) -> None:
        self.data = data
        self.times: Times = []
        self._buffer = bytearray()  # received, not decoded yet: never a frame's data
        self._left = 0  # bytes of the current frame's data still to come
        self._last_ms = 0

    def feed(self, chunk: bytes) -> None:
        if self._left and not self._buffer:  # the common case: the rest of a frame
            taken = chunk[: self._left]
            self.data += taken
            self._left -= len(taken)
            chunk = chunk[len(taken) :]
        self._buffer += chunk
        while self._buffer:
            if self._left:
                taken = self._buffer[: self._left]
                self.data += taken
                self._left -= len(taken)
                del self._buffer[: len(taken)]
            elif self._buffer.startswith(MAGIC):
                if len(self._buffer) < HEADER.size:
                    return
                _, at_ns, self._left = HEADER.unpack_from(self._buffer)
                del self._buffer[: HEADER.size]
                self._moved_to(at_ns)
            else:
                self._take_unframed()
                if not self._buffer.startswith(MAGIC):
                    return  # the start of a header, perhaps: wait for the rest

    def finish(self) -> None:
        """The stream ended: what is left is output unless it is a header cut short."""
        if not self._buffer.startswith(MAGIC):
            self.data += self._buffer
        self._buffer.clear()

    def _take_unframed(self) -> None:
        """Bytes before the next header are output: written past the runtime."""
        found = self._buffer.find(MAGIC)
        if found == -1:  # keep a tail that may begin a header
            sizes = range(len(MAGIC) - 1, 0, -1)
            kept = next((n for n in sizes if self._buffer.endswith(MAGIC[:n])), 0)
            found = len(self._buffer) - kept
        self.data += self._buffer[:found]
        del self._buffer[:found]

    def _moved_to(self, at_ns: int) -> None:
        ms = max(0, at_ns - EPOCH_NS) // 1_000_000
        if ms > self._last_ms and len(self.times) < MAX_TIMES:
            self._last_ms = ms
            self.times.append((len(self.data), ms))


def text_times(data: bytes, times: Times) -> Times:
    """`times` as offsets in `data` decoded as the result's text is (UTF-8 with
    replacement characters); times past its end (cut by the output limit) are dropped."""
    converted: Times = []
    done_bytes = done_chars = 0
    for offset, ms in times:
        if offset >= len(data):
            break
        done_chars += len(data[done_bytes:offset].decode("utf-8", errors="replace"))
        done_bytes = offset
        converted.append((done_chars, ms))
    return converted


def split_at_times(text: str, times: Times) -> Iterator[tuple[str, int | None]]:
    """The lines of `text`, each with the virtual milliseconds that passed since the line
    before it was written, when time moved in between (None otherwise). A line whose
    writing spanned a time step counts as written when it started."""
    moves = iter(times)
    pending = next(moves, None)
    previous_ms = 0
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        moved_ms: int | None = None
        while pending is not None and pending[0] < end:
            if moved_ms is None and pending[0] <= start:
                moved_ms = pending[1] - previous_ms
            previous_ms = pending[1]
            pending = next(moves, None)
        yield line, moved_ms
        start = end


def describe_ms(ms: int) -> str:
    """A virtual duration as Go prints one, rounded for a reader: 250ms, 2s, 1m30s, 1h."""
    if ms < 1000:
        return f"{ms}ms"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds = rest / 1000
    text = f"{seconds:.3f}".rstrip("0").rstrip(".") + "s" if seconds else ""
    if hours:
        return f"{hours}h{f'{minutes}m' if minutes or text else ''}{text}"
    return f"{minutes}m{text}" if minutes else text

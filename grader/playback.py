"""The Go Playground's playback frames: what a program built with `-tags faketime`
writes to stdout and stderr, and when, on the virtual clock.

The faketime runtime (GOROOT/src/runtime/time_fake.go) precedes every write to fd 1
and 2 with a 16-byte header: the magic `\\0\\0PB`, the virtual time in nanoseconds since
1970 (8 bytes, big-endian) and the length of the data that follows (4 bytes,
big-endian). Whatever the program prints, the magic bytes included, is inside a
frame's data, so it cannot pass for a header. Bytes that do not start with a header
(a program writing to its stdout with a raw system call, past the runtime) end the
decoding: the rest of the stream is kept as it is, with no more timing, as the
Playground does. A stream cut short (the output limit, a kill) keeps what arrived.
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
        self._header = bytearray()
        self._left = 0  # bytes of the current frame's data still to come
        self._unframed = False
        self._last_ms = 0

    def feed(self, chunk: bytes) -> None:
        view = memoryview(chunk)
        while view:
            if self._unframed:
                self.data += view
                return
            if self._left:
                taken = view[: self._left]
                self.data += taken
                self._left -= len(taken)
                view = view[len(taken) :]
                continue
            needed = HEADER.size - len(self._header)
            self._header += view[:needed]
            view = view[needed:]
            if not MAGIC.startswith(bytes(self._header[: len(MAGIC)])):
                self._give_up()
            elif len(self._header) == HEADER.size:
                _, at_ns, self._left = HEADER.unpack(self._header)
                self._header.clear()
                self._moved_to(at_ns)

    def finish(self) -> None:
        """The stream ended: a partial header that is not one is output too."""
        if self._header and not self._header.startswith(MAGIC[: len(self._header)]):
            self._give_up()

    def _give_up(self) -> None:
        self._unframed = True
        self.data += self._header
        self._header.clear()

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

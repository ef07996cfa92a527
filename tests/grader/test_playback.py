"""Decoding the playback frames of a program on the virtual clock (grader.playback):
whatever arrives, in whatever pieces, the learner sees what the program wrote."""

import pytest

from grader.playback import (
    EPOCH_NS,
    HEADER,
    MAGIC,
    PlaybackDecoder,
    describe_ms,
    split_at_times,
    text_times,
)


def frame(data: bytes, at_ms: int = 0) -> bytes:
    return HEADER.pack(MAGIC, EPOCH_NS + at_ms * 1_000_000, len(data)) + data


def decode(*chunks: bytes) -> PlaybackDecoder:
    decoder = PlaybackDecoder(bytearray())
    for chunk in chunks:
        decoder.feed(chunk)
    decoder.finish()
    return decoder


def test_frames_give_the_output_and_when_time_moved():
    decoder = decode(frame(b"start\n"), frame(b"a\n", 2000), frame(b"b\n", 2000))
    assert decoder.data == b"start\na\nb\n"
    assert decoder.times == [(6, 2000)]


@pytest.mark.parametrize("size", [1, 3, 16, 17])
def test_a_frame_split_across_reads_decodes_the_same(size):
    stream = frame(b"hello\n") + frame(b"later\n", 3_600_000)
    decoder = decode(*(stream[i : i + size] for i in range(0, len(stream), size)))
    assert decoder.data == b"hello\nlater\n"
    assert decoder.times == [(6, 3_600_000)]


def test_the_magic_bytes_printed_by_the_program_are_output():
    forged = HEADER.pack(MAGIC, EPOCH_NS + 5_000_000_000, 2)
    decoder = decode(frame(forged + b"x\n"))
    assert decoder.data == forged + b"x\n"
    assert decoder.times == []


@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_bytes_between_frames_are_output(size):
    stream = frame(b"a\n") + b"raw \0\0P write\n\0" + frame(b"b\n", 1000) + b"\0\0"
    decoder = decode(*(stream[i : i + size] for i in range(0, len(stream), size)))
    assert decoder.data == b"a\nraw \0\0P write\n\0b\n\0\0"
    assert decoder.times == [(len(b"a\nraw \0\0P write\n\0"), 1000)]


def test_a_stream_cut_inside_a_frame_keeps_what_arrived():
    decoder = decode(frame(b"a\n"), frame(b"abcdef", 1000)[:-3], b"")
    assert decoder.data == b"a\nabc"
    cut_in_header = decode(frame(b"a\n"), frame(b"b", 1000)[:7])
    assert cut_in_header.data == b"a\n"


def test_a_clock_before_the_start_counts_as_the_start():
    decoder = decode(HEADER.pack(MAGIC, 0, 1) + b"a", frame(b"b", 1))
    assert decoder.data == b"ab"
    assert decoder.times == [(1, 1)]


def test_times_become_text_offsets_and_stop_at_the_cut():
    data = "é\nz\n".encode()
    assert text_times(data, [(3, 10), (5, 20)]) == [(2, 10)]


def test_lines_get_the_time_since_the_line_before():
    text = "start\none\ntwo\nthree\n"
    lines = list(split_at_times(text, [(6, 1000), (14, 3000)]))
    assert lines == [("start\n", None), ("one\n", 1000), ("two\n", None), ("three\n", 2000)]


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (250, "250ms"),
        (2000, "2s"),
        (1500, "1.5s"),
        (90_000, "1m30s"),
        (3_600_000, "1h"),
        (5_400_000, "1h30m"),
        (3_600_500, "1h0m0.5s"),
    ],
)
def test_durations_read_like_go(ms, text):
    assert describe_ms(ms) == text


def test_timed_output_escapes_what_the_program_printed():
    from django.template import Context, Template

    template = Template("{% load grader_tags %}{% timed_output text times %}")
    text = "<b>soup</b>\n<script>x</script>\n"
    timed = template.render(Context({"text": text, "times": [[12, 2000]]}))
    assert timed == (
        "&lt;b&gt;soup&lt;/b&gt;\n"
        '<span class="run-after">after 2s</span>&lt;script&gt;x&lt;/script&gt;\n'
    )
    plain = template.render(Context({"text": text, "times": []}))
    assert plain == "&lt;b&gt;soup&lt;/b&gt;\n&lt;script&gt;x&lt;/script&gt;\n"

from grader.diagnostics import Crash, Diagnostic, parse_crash, parse_diagnostics


def test_it_reads_file_line_column_and_message():
    output = "# sandbox\n./main.go:5:2: undefined: x\n"
    assert parse_diagnostics(output) == [Diagnostic("main.go", 5, 2, "undefined: x")]


def test_it_reads_errors_without_a_column():
    assert parse_diagnostics("./main.go:7: missing return\n") == [
        Diagnostic("main.go", 7, 0, "missing return")
    ]


def test_indented_lines_continue_the_previous_message():
    output = (
        "# sandbox\n"
        "./util.go:5:6: main redeclared in this block\n"
        "\t./main.go:7:6: other declaration of main\n"
        "./main.go:9:12: too many arguments in call to f\n"
        "\thave (number, number)\n"
        "\twant (int)\n"
    )
    assert parse_diagnostics(output) == [
        Diagnostic(
            "util.go", 5, 6, "main redeclared in this block\nmain.go:7:6: other declaration of main"
        ),
        Diagnostic(
            "main.go", 9, 12, "too many arguments in call to f\nhave (number, number)\nwant (int)"
        ),
    ]


def test_it_reads_vet_output():
    output = (
        "# sandbox\n# [sandbox]\n"
        'main.go:6:14: fmt.Printf format %d has arg "x" of wrong type string\n'
        "vet: ./other.go:3:1: something else\n"
    )
    assert parse_diagnostics(output) == [
        Diagnostic("main.go", 6, 14, 'fmt.Printf format %d has arg "x" of wrong type string'),
        Diagnostic("other.go", 3, 1, "something else"),
    ]


def test_absolute_paths_in_the_work_dir_become_file_names():
    output = "go: errors parsing go.mod:\n/tmp/src/go.mod:3: unknown directive: frobnicate\n"
    assert parse_diagnostics(output) == [
        Diagnostic("", 0, 0, "go: errors parsing go.mod:"),
        Diagnostic("go.mod", 3, 0, "unknown directive: frobnicate"),
    ]


def test_lines_without_a_position_are_kept_without_one():
    output = "package sandbox: build constraints exclude all Go files in /tmp/src\n"
    assert parse_diagnostics(output) == [
        Diagnostic("", 0, 0, "package sandbox: build constraints exclude all Go files in .")
    ]


def test_it_finds_a_panic_and_where_it_happened_in_the_learners_code():
    stderr = (
        "panic: runtime error: index out of range [5] with length 3\n\n"
        "goroutine 1 [running]:\n"
        "main.pick(...)\n"
        "\tsandbox/util.go:4\n"
        "main.main()\n"
        "\tsandbox/main.go:9 +0x1d\n"
        "exit status 2\n"
    )
    crash = parse_crash(stderr, {"main.go", "util.go"})
    assert crash == Crash(
        kind="panic",
        message="runtime error: index out of range [5] with length 3",
        file="util.go",
        line=4,
        function="main.pick",
    )
    assert crash.summary() == (
        "The program panicked at util.go:4: runtime error: index out of range [5] with length 3"
    )


def test_runtime_and_testing_frames_are_skipped():
    output = (
        "panic: boom [recovered, repanicked]\n\n"
        "goroutine 12 [running]:\n"
        "testing.tRunner.func1.2({0x6c8950, 0x15c488c88108})\n"
        "\ttesting/testing.go:2125 +0x232\n"
        "panic({0x6c8950?, 0x15c488c88108?})\n"
        "\truntime/panic.go:859 +0x125\n"
        "sandbox.TestD(0x15c488d10d88?)\n"
        "\tsandbox/main_test.go:14 +0x9\n"
    )
    crash = parse_crash(output, {"main.go", "main_test.go"})
    assert (crash.file, crash.line, crash.function) == ("main_test.go", 14, "sandbox.TestD")
    assert crash.message == "boom [recovered, repanicked]"


def test_only_the_crashing_goroutine_is_searched():
    output = (
        "fatal error: all goroutines are asleep - deadlock!\n\n"
        "goroutine 1 [chan receive]:\n"
        "runtime.gopark(...)\n"
        "\truntime/proc.go:460 +0xce\n\n"
        "goroutine 2 [sleep]:\n"
        "main.worker()\n"
        "\tsandbox/main.go:12 +0x1\n"
    )
    crash = parse_crash(output, {"main.go"})
    assert crash == Crash(kind="fatal error", message="all goroutines are asleep - deadlock!")
    assert crash.summary() == "The program crashed: all goroutines are asleep - deadlock!"


def test_signal_lines_are_not_part_of_the_message():
    output = (
        "panic: runtime error: invalid memory address or nil pointer dereference\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4553b4]\n\n"
        "goroutine 1 [running]:\n"
    )
    crash = parse_crash(output)
    assert crash.message == "runtime error: invalid memory address or nil pointer dereference"


def test_no_crash_is_none():
    assert parse_crash("hello\nexit status 3\n") is None


def test_a_position_shows_only_what_is_known():
    assert Diagnostic("main.go", 5, 2, "x").describe() == "main.go:5:2: x"
    assert Diagnostic("go.mod", 3, 0, "x").describe() == "go.mod:3: x"
    assert Diagnostic("main.go", 0, 0, "x").describe() == "main.go: x"
    assert Diagnostic("", 0, 0, "build constraints exclude all Go files in .").describe() == (
        "build constraints exclude all Go files in ."
    )

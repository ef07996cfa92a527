import pytest

from grader.files import (
    DEFAULT_GO_MOD,
    SOURCE_FILE_NAME,
    InvalidFiles,
    check_files,
    find_embed_directive,
    prepare_sources,
)

MAIN = "package main\n\nfunc main() {}\n"


def test_it_adds_a_go_mod_when_there_is_none():
    assert prepare_sources({"main.go": MAIN}) == {"main.go": MAIN, "go.mod": DEFAULT_GO_MOD}


def test_it_keeps_the_learners_go_mod():
    go_mod = "module example.com/hello\n\ngo 1.27\n"
    assert prepare_sources({"main.go": MAIN, "go.mod": go_mod})["go.mod"] == go_mod


@pytest.mark.parametrize(
    "name", ["../main.go", "sub/main.go", "main.txt", "main go.go", ".go", "main.go.bak", "Go.MOD"]
)
def test_it_refuses_bad_file_names(name: str):
    with pytest.raises(InvalidFiles, match="not allowed"):
        check_files({name: MAIN})


def test_it_refuses_more_than_twenty_files():
    files = {f"f{i}.go": "package main\n" for i in range(21)}
    with pytest.raises(InvalidFiles, match="Too many"):
        check_files(files)


def test_it_refuses_more_than_64_kib():
    with pytest.raises(InvalidFiles, match="too large"):
        check_files({"main.go": MAIN + "//" + "x" * 64 * 1024})


def test_it_refuses_no_files_and_no_go_files():
    with pytest.raises(InvalidFiles):
        check_files({})
    with pytest.raises(InvalidFiles, match="no .go file"):
        check_files({"go.mod": DEFAULT_GO_MOD})


def test_test_mode_adds_the_hidden_tests():
    tests = {"main_test.go": "package main\n"}
    assert prepare_sources({"main.go": MAIN}, tests, mode="test") == {
        "main.go": MAIN,
        "main_test.go": "package main\n",
        "go.mod": DEFAULT_GO_MOD,
    }


def test_test_mode_needs_test_files_named_like_tests():
    with pytest.raises(InvalidFiles, match="needs the exercise's test files"):
        prepare_sources({"main.go": MAIN}, None, mode="test")
    with pytest.raises(InvalidFiles, match="must be named"):
        prepare_sources({"main.go": MAIN}, {"helper.go": "package main\n"}, mode="test")


def test_learners_cannot_bring_their_own_tests_in_test_mode():
    with pytest.raises(InvalidFiles, match="come with the exercise"):
        prepare_sources(
            {"main.go": MAIN, "mine_test.go": "package main\n"},
            {"main_test.go": "package main\n"},
            mode="test",
        )


def test_hidden_files_are_only_for_test_mode():
    with pytest.raises(InvalidFiles, match="only used in test mode"):
        prepare_sources({"main.go": MAIN}, {"main_test.go": "package main\n"}, mode="run")


def test_it_finds_embed_directives():
    files = {
        "main.go": MAIN,
        "leak.go": 'package main\n\nimport _ "embed"\n\n//go:embed main_test.go\nvar s string\n',
    }
    assert find_embed_directive(files) == ("leak.go", 5, 1)
    assert find_embed_directive({"main.go": MAIN}) is None


@pytest.mark.parametrize("name", ["exported-names.go", "a.b.go", "x_test-2.go", "_x.go"])
def test_go_file_names_may_hold_hyphens_and_dots(name: str):
    check_files({name: MAIN})
    assert SOURCE_FILE_NAME.match(name)


@pytest.mark.parametrize("name", ["-x.go", ".x.go", "a..go", "a/b.go", "a\\b.go", "a+b.go"])
def test_paths_and_odd_names_stay_refused(name: str):
    with pytest.raises(InvalidFiles, match="not allowed"):
        check_files({name: MAIN})
    assert not SOURCE_FILE_NAME.match(name)


def test_run_mode_ignores_build_constraints_as_go_run_does():
    program = "//go:build OMIT\n\n" + MAIN
    assert prepare_sources({"main.go": program})["main.go"] == "//\n\n" + MAIN
    # In test mode the package is built as `go test` builds it: constraints hold.
    test = 'package main\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n'
    sources = prepare_sources({"main.go": program}, {"x_test.go": test}, mode="test")
    assert sources["main.go"] == program
    assert prepare_sources({"main.go": program}, mode="format")["main.go"] == program

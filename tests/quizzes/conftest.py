"""A lesson with a quiz of every question type, and helpers to answer it."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from tests.conftest import write

# Keep Hypothesis' files out of the working tree, and draw afresh on every run.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "gocourse-hypothesis")
hypothesis_settings.register_profile("gocourse", database=None)
hypothesis_settings.load_profile("gocourse")

QUIZ = """\
---
title: Quiz — First steps
---

## What must a program have? {#main-needs .single difficulty=1 concepts=main-function}

Pick one.

- [ ] A file called `main.go`
- [x] A `main` package with a `func main()`
- [ ] A `go.mod` file

::: explanation
Go starts a program by calling `main` in package `main`.
:::

## Which functions print? {#printers .multiple difficulty=2 concepts=fmt}

- [x] `fmt.Println`
- [x] `fmt.Printf`
- [ ] `fmt.Sprintf`

::: explanation
`Sprintf` returns a string instead of printing it.
:::

## What does it print? {#print-hello .output difficulty=2 concepts=fmt}

```go
package main

import "fmt"

func main() {
	fmt.Println("hello,", 3)
}
```

```output
hello, 3
```

::: explanation
`Println` separates its arguments with spaces.
:::

## Name the package {#name-package .blank difficulty=1 concepts=main-function}

A runnable program lives in package ____.

```answers
main
```

::: explanation
Package `main` <b>is</b> special.
:::

## The wrong verb {#wrong-verb .bug difficulty=3 concepts=fmt}

One line prints garbage. Click it.

```go
package main

import "fmt"

func main() {
	n := 3
	fmt.Printf("%s\\n", n)
}
```

```bug
7
```

::: explanation
`%s` wants a string; `n` is an int.
:::

::: hint
Match each verb with its value.
:::

## Newlines {#newline .single difficulty=3 concepts=fmt}

Which call ends the line?

- [x] `fmt.Println("a")`
- [ ] `fmt.Print("a")`

::: explanation
Only `Println` adds a newline.
:::

## Where main starts {#main-start .single difficulty=4 concepts="main-function,fmt"}

When does a Go program end?

- [ ] When every goroutine is done
- [x] When `main` returns
- [ ] When the last line of the file runs

::: explanation
The program exits when `main` returns.
:::
"""

LESSON = "go/lessons/01-first"
QUIZ_URL = "/quiz/go/01-first/"


@pytest.fixture
def quiz_content(content_dir: Path) -> Path:
    write(content_dir / LESSON / "quiz.md", QUIZ)
    return content_dir


@pytest.fixture
def quiz(quiz_content: Path, settings, db):
    """The synced lesson 01-first, with its seven questions."""
    from content_pipeline.autosync import sync_and_record
    from courses.models import Lesson

    settings.CONTENT_DIR = quiz_content
    _, errors = sync_and_record(quiz_content)
    assert errors == []
    return Lesson.objects.get(slug="01-first")


def right_answer(question) -> dict:
    key = question.answer_key
    if question.type == "single":
        return {"answer": str(key["correct"][0])}
    if question.type == "multiple":
        return {"answer": [str(i) for i in key["correct"]]}
    if question.type == "output":
        return {"answer": key["output"]}
    if question.type == "blank":
        return {"answer": key["accepted"][0]}
    return {"answer": str(key["line"])}


def wrong_answer(question) -> dict:
    key = question.answer_key
    if question.type == "single":
        wrong = next(i for i in range(len(question.options)) if i not in key["correct"])
        return {"answer": str(wrong)}
    if question.type == "multiple":
        return {"answer": [str(key["correct"][0])]} if len(key["correct"]) > 1 else {"answer": []}
    if question.type in ("output", "blank"):
        return {"answer": "something else"}
    return {"answer": "1"}

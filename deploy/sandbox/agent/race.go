package main

import (
	"errors"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
)

// Builds with the race detector run in the race image (Dockerfile.race): the same
// toolchain and agent, plus a C toolchain, because the race runtime needs cgo. The
// binary is linked statically so that it runs in the plain image, which has no libc,
// no compiler and no shell; only the build container ever holds gcc.

// raceLinkFlags: the external linker (gcc) links the race runtime and libc into
// a static binary.
const raceLinkFlags = "-ldflags=-s -w -linkmode=external -extldflags=-static"

// raceBuildArgs turns a plain go build / go test -c command line into a race one.
func raceBuildArgs(args []string) ([]string, error) {
	if os.Getenv("CGO_ENABLED") != "1" {
		return nil, errors.New("a race build needs the race image (CGO_ENABLED=1)")
	}
	race := []string{args[0]}
	if args[0] == "test" {
		race = append(race, args[1]) // -c
	}
	race = append(race, "-race")
	for _, arg := range args[len(race)-1:] {
		if strings.HasPrefix(arg, "-ldflags=") {
			arg = raceLinkFlags
		}
		race = append(race, arg)
	}
	return race, nil
}

// refuseCgo: cgo is on in the race image for the race runtime's sake, never for
// learner code, whose `import "C"` would hand its #cgo directives and C preamble to
// the C compiler. (In the plain image cgo is off and the go command excludes such
// files.)
func refuseCgo(files map[string]string) []position {
	var refused []position
	for name, text := range files {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, name, text, parser.ImportsOnly)
		if err != nil {
			continue // the go command reports it
		}
		for _, spec := range file.Imports {
			if path, _ := strconv.Unquote(spec.Path.Value); path == "C" {
				pos := fset.Position(spec.Path.Pos())
				refused = append(refused, position{File: name, Line: pos.Line, Column: pos.Column,
					Message: `cgo (import "C") is not available in the sandbox`})
			}
		}
	}
	sortPositions(refused)
	return refused
}

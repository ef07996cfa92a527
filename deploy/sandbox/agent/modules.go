package main

import (
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Learners' code can import the standard library and the packages of a few vetted
// modules (golang.org/x/sync), which the image holds in its module cache, built.
// When a program imports one of them and its go.mod does not name the module, the
// agent requires the pinned version and writes go.sum, so that go build resolves it
// with GOPROXY=off. An import of anything else is a compile error on its line that
// says what can be imported, instead of the go command's advice to run go get.

const (
	// One line per module: its path, its version and the packages code may import
	// (grader/sandbox/image.py writes it when the image is built).
	vettedListPath = "/usr/local/share/gocourse/vetted"
	vettedSumPath  = "/usr/local/share/gocourse/go.sum"
)

type vettedModule struct {
	path, version string
}

type vettedSet struct {
	modules  []vettedModule
	packages map[string]vettedModule // importable package → its module
}

func loadVetted() (vettedSet, error) {
	set := vettedSet{packages: map[string]vettedModule{}}
	data, err := os.ReadFile(vettedListPath)
	if err != nil {
		return set, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		module := vettedModule{path: fields[0], version: fields[1]}
		set.modules = append(set.modules, module)
		for _, pkg := range fields[2:] {
			set.packages[pkg] = module
		}
	}
	return set, nil
}

// description is what the sandbox lets code import, for error messages.
func (v vettedSet) description() string {
	names := []string{"the standard library"}
	for _, module := range v.modules {
		var pkgs []string
		for pkg, m := range v.packages {
			if m == module {
				pkgs = append(pkgs, pkg)
			}
		}
		sort.Strings(pkgs)
		names = append(names, strings.Join(pkgs, ", "))
	}
	return strings.Join(names, " and ")
}

// checkImports returns an error on every import of the .go files that is neither in
// the standard library, nor a vetted package, nor a package of the code's own module,
// and the vetted modules the files import.
func checkImports(files map[string]string, std map[string]bool, vetted vettedSet) ([]position, []vettedModule) {
	module, _ := modulePath(files["go.mod"])
	var refused []position
	var needed []vettedModule
	seen := map[vettedModule]bool{}
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
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil || std[path] || path == "C" {
				continue
			}
			if m, ok := vetted.packages[path]; ok {
				if !seen[m] {
					seen[m] = true
					needed = append(needed, m)
				}
				continue
			}
			if module != "" && (path == module || strings.HasPrefix(path, module+"/")) {
				continue
			}
			pos := fset.Position(spec.Path.Pos())
			refused = append(refused, position{File: name, Line: pos.Line, Column: pos.Column,
				Message: "package " + path + " is not available in the sandbox: code can import " +
					vetted.description()})
		}
	}
	sortPositions(refused)
	return refused, needed
}

// requireVetted adds to go.mod the vetted modules it does not name yet, at their
// pinned versions, and writes go.sum for them.
func requireVetted(files map[string]string, needed []vettedModule) error {
	gomod, ok := files["go.mod"]
	if !ok {
		return nil // the go command says that it needs one
	}
	var added bool
	for _, m := range needed {
		if strings.Contains(gomod, m.path) {
			continue // the learner's own go.mod names it: the go command has the say
		}
		if !strings.HasSuffix(gomod, "\n") {
			gomod += "\n"
		}
		gomod += "\nrequire " + m.path + " " + m.version + "\n"
		added = true
	}
	if !added {
		return nil
	}
	sums, err := os.ReadFile(vettedSumPath)
	if err != nil {
		return err
	}
	files["go.mod"] = gomod
	files["go.sum"] = string(sums)
	return nil
}

// importErrors is the build output for refused imports, in the go command's format.
func importErrors(refused []position) *toolReply {
	var out strings.Builder
	for _, p := range refused {
		out.WriteString(p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column) + ": " + p.Message + "\n")
	}
	return &toolReply{Output: out.String(), ExitCode: 1}
}

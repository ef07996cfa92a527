package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// The check of exercise code in test mode (deploy/sandbox/README.md, "Why a pass cannot
// be forged"). The learner's files share the test binary's process with the hidden
// tests: whatever ends that process, rewrites its memory or its command line, or runs a
// test suite of its own could claim a pass. Those means are refused before anything is
// built, each as an error on the line that uses it, unless the exercise allows it by
// name (`limits: {allow: [...]}` in exercise.md). The exercise's own test files are not
// checked: they are the course's.
//
// Names count wherever they appear, not only in calls: `exit := os.Exit` is refused at
// `os.Exit`. Imports are checked by path, so `import s "syscall"` is refused too, and a
// dot import of a package with refused names is refused as a whole (its names would
// then appear bare). A local variable that shadows a package name is refused as if it
// were the package: that only ever costs contrived code.

// refusedImports: import path → why it is refused.
var refusedImports = map[string]string{
	"syscall": "it reaches the process directly (exit status, file descriptors, memory)",
	"unsafe":  "it can rewrite any memory of the test process",
	"os/exec": "exercise code does not start other programs",
	"flag":    "the command line is the test binary's own (and -h would end it)",
	"testing": "the exercise's tests are the only tests; exercise code cannot run its own",
}

// refusedNames: package path → exported name → why it is refused.
var refusedNames = map[string]map[string]string{
	"os": {
		"Exit":         "return a value or an error instead: ending the program would stop the tests",
		"Args":         "it holds the test binary's own flags",
		"NewFile":      "write to os.Stdout or os.Stderr instead",
		"StartProcess": "exercise code does not start other programs",
	},
	"runtime": {
		"Goexit": "it would stop the test that calls the code",
	},
	"reflect": {
		"NewAt":   "it reads and writes memory at any address",
		"SliceAt": "it reads and writes memory at any address",
	},
	"runtime/debug": {
		"WriteHeapDump": "it copies the memory of the test process to a file",
	},
}

// linknameAllowance names the //go:linkname directive in an exercise's allowances.
const linknameAllowance = "go:linkname"

type codeChecker struct {
	allowed map[string]bool
	std     map[string]bool
	vetted  vettedSet
	found   []position
}

// checkExerciseCode returns what the learner's files (every .go file but the tests) use
// that the exercise does not allow, in file and line order, and the files that could
// not be parsed: if the go command builds those anyway, they are refused too, as they
// could not be checked.
func checkExerciseCode(files map[string]string, allow []string, std map[string]bool, vetted vettedSet) ([]position, []position) {
	checker := &codeChecker{allowed: map[string]bool{}, std: std, vetted: vetted}
	for _, name := range allow {
		checker.allowed[name] = true
	}
	var unparsed []position
	for name, text := range files {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, name, text, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			unparsed = append(unparsed, position{File: name, Line: 1, Column: 1,
				Message: "this file could not be checked before the tests ran: " + err.Error()})
			continue
		}
		checker.checkFile(fset, file)
	}
	sortPositions(checker.found)
	return checker.found, unparsed
}

func (c *codeChecker) refuse(fset *token.FileSet, at token.Pos, what, why string) {
	pos := fset.Position(at)
	c.found = append(c.found, position{
		File: pos.Filename, Line: pos.Line, Column: pos.Column,
		Message: what + " is not allowed in exercise code: " + why,
	})
}

func (c *codeChecker) checkFile(fset *token.FileSet, file *ast.File) {
	for _, group := range file.Comments {
		for _, comment := range group.List {
			if strings.HasPrefix(comment.Text, "//"+linknameAllowance) && !c.allowed[linknameAllowance] {
				c.refuse(fset, comment.Pos(), "//go:linkname",
					"it reaches the private functions and variables of other packages")
			}
		}
	}
	// The name each import has in this file → its path.
	imported := map[string]string{}
	for _, spec := range file.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue // the parser accepted it: it cannot happen
		}
		if why, ok := c.refusedImport(path); ok {
			c.refuse(fset, spec.Path.Pos(), "package "+path, why)
			continue
		}
		local := path[strings.LastIndex(path, "/")+1:]
		if spec.Name != nil {
			local = spec.Name.Name
		}
		if local == "." && c.hasRefusedNames(path) {
			c.refuse(fset, spec.Name.Pos(), `import . "`+path+`"`,
				"some of its names are not allowed; write "+path[strings.LastIndex(path, "/")+1:]+
					".Name so that they can be told apart")
			continue
		}
		imported[local] = path
	}
	ast.Inspect(file, func(node ast.Node) bool {
		selector, ok := node.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		ident, ok := selector.X.(*ast.Ident)
		if !ok {
			return true
		}
		path, ok := imported[ident.Name]
		if !ok {
			return true
		}
		name := selector.Sel.Name
		if why, refused := refusedNames[path][name]; refused && !c.allowed[path+"."+name] {
			c.refuse(fset, ident.Pos(), path+"."+name, why)
		}
		return true
	})
}

// refusedImport: whether path may not be imported, and why. Only the standard library
// and the vetted modules' packages (modules.go) can be imported at all; within the
// standard library, the packages of refusedImports unless the exercise allows them.
func (c *codeChecker) refusedImport(path string) (string, bool) {
	if why, refused := refusedImports[path]; refused && !c.allowed[path] {
		return why, true
	}
	if _, ok := c.vetted.packages[path]; ok {
		return "", false
	}
	if !c.std[path] || strings.HasPrefix(path, "vendor/") ||
		strings.Contains("/"+path+"/", "/internal/") {
		return "exercise code can import only " + c.vetted.description(), true
	}
	return "", false
}

func (c *codeChecker) hasRefusedNames(path string) bool {
	for name := range refusedNames[path] {
		if !c.allowed[path+"."+name] {
			return true
		}
	}
	return false
}

func sortPositions(found []position) {
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

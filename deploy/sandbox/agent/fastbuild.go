package main

import (
	"bufio"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// A program that uses the standard library alone is compiled and linked with the
// compiler and linker themselves, with the command lines, module information and
// output of go build: the go command's own work (loading the package graph, checking
// the build cache for every standard package) is about two thirds of the CPU time of
// a small program's build. Anything the fast path is not sure of goes to go build.

const (
	goroot = "/usr/local/go"
	// importcfgPath maps every standard package to its compiled archive in the build
	// cache; `agent importcfg` writes it when the image is built (Dockerfile).
	importcfgPath = "/usr/local/share/gocourse/importcfg"
	// The language version of the toolchain: an older go.mod changes GODEBUG defaults,
	// which go build handles.
	toolchainLang = "1.27"
	// The markers the go command puts around module information (cmd/go/internal/modload).
	modInfoStart = "0w\xaf\f\x92t\b\x02A\xe1\xc1\a\xe6\xd6\x18\xe6"
	modInfoEnd   = "\xf92C1\x86\x18 r\x00\x82B\x10A\x16\xd8\xf2"
)

// writeImportcfg is the `agent importcfg` role, run once at image build time: the
// plain standard library's importcfg and the faketime one's (faketime.go).
func writeImportcfg() {
	if err := os.MkdirAll(srcDir, 0o700); err != nil { // runTool works there
		fail(err.Error())
	}
	if err := os.MkdirAll(filepath.Dir(importcfgPath), 0o755); err != nil {
		fail(err.Error())
	}
	for _, virtualTime := range []bool{false, true} {
		args := []string{"list", "-export", "-f",
			"{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", "std"}
		if virtualTime {
			args = faketimeBuildArgs(args)
		}
		list := runTool(args, 0)
		if list.ExitCode != 0 {
			fail("go list std: " + list.Output)
		}
		if err := os.WriteFile(importcfgFor(virtualTime), []byte(list.Output), 0o644); err != nil {
			fail(err.Error())
		}
	}
}

// buildProgram builds the sources in srcDir into artifact, as go build does.
func buildProgram(req buildRequest, buildArgs []string, artifact string) *toolReply {
	if req.Mode == "run" && !req.Race { // the importcfg lists the plain standard library
		if reply, ok := fastBuild(req.Files, artifact, req.VirtualTime); ok {
			return reply
		}
	}
	return runTool(buildArgs, 0)
}

func fastBuild(files map[string]string, artifact string, virtualTime bool) (*toolReply, bool) {
	module, ok := plainGoMod(files["go.mod"])
	if !ok {
		return nil, false
	}
	std, err := standardPackages()
	if err != nil {
		return nil, false
	}
	var sources []string
	for name, text := range files {
		if name == "go.mod" {
			continue
		}
		if !plainProgramFile(name, text, std) {
			return nil, false
		}
		sources = append(sources, "./"+name)
	}
	sort.Strings(sources) // go build's order
	archive := filepath.Join(outDir, "main.a")
	compile := append([]string{
		"-o", archive, "-trimpath", srcDir + "=>" + module, "-p", "main",
		"-lang=go" + toolchainLang, "-complete", "-goversion", runtime.Version(),
		"-nolocalimports", "-importcfg", importcfgFor(virtualTime), "-pack",
	}, sources...)
	reply := asGoBuild(module, goTool("compile"), runCommand(goTool("compile"), compile, nil, 0))
	if reply.ExitCode != 0 {
		return reply, true
	}
	linkcfg, err := writeLinkImportcfg(module, virtualTime)
	if err != nil {
		return nil, false
	}
	link := []string{"-o", artifact, "-importcfg", linkcfg, "-buildmode=exe", "-s", "-w", archive}
	// As go build -trimpath: the program does not learn where the toolchain is.
	linked := asGoBuild(module, goTool("link"), runCommand(goTool("link"), link, []string{"GOROOT="}, 0))
	linked.Millis += reply.Millis
	return linked, true
}

// asGoBuild words a failed tool's output as go build does: a "# module" header, and
// a tool killed by a signal (the memory limit) named with its path.
func asGoBuild(module, tool string, reply *toolReply) *toolReply {
	switch {
	case reply.ExitCode > 128: // runCommand's last line says which signal
		lines := strings.Split(strings.TrimSpace(reply.Output), "\n")
		reply.Output = "go build " + module + ": " + tool + ": " + lines[len(lines)-1] + "\n"
	case reply.ExitCode != 0:
		reply.Output = "# " + module + "\n" + reply.Output
	}
	return reply
}

func goTool(name string) string {
	return filepath.Join(goroot, "pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH, name)
}

// plainGoMod is the module path of a go.mod with nothing but a module path and this
// toolchain's go version.
func plainGoMod(text string) (string, bool) {
	module, version := "", ""
	for _, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0 || strings.HasPrefix(fields[0], "//"):
		case len(fields) == 2 && fields[0] == "module" && !strings.ContainsAny(fields[1], "\"`"):
			module = fields[1]
		case len(fields) == 2 && fields[0] == "go":
			version = fields[1]
		default:
			return "", false
		}
	}
	sameLanguage := version == toolchainLang || strings.HasPrefix(version, toolchainLang+".")
	return module, module != "" && sameLanguage
}

// plainProgramFile: a file go build would compile as it is, in package main, importing
// standard packages that a program may import, with no directive the go command acts on.
func plainProgramFile(name, text string, std map[string]bool) bool {
	// File names with an underscore may carry a GOOS or GOARCH suffix, or be tests.
	if strings.ContainsAny(name, "_") || !strings.HasSuffix(name, ".go") {
		return false
	}
	for _, directive := range []string{"//go:build", "// +build", "//go:embed", "//go:linkname", "//go:cgo"} {
		if strings.Contains(text, directive) {
			return false
		}
	}
	file, err := parser.ParseFile(token.NewFileSet(), name, text, parser.ImportsOnly)
	if err != nil || file.Name.Name != "main" {
		return false
	}
	for _, spec := range file.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil || !std[path] || strings.HasPrefix(path, "vendor/") ||
			strings.Contains("/"+path+"/", "/internal/") {
			return false
		}
	}
	return true
}

func standardPackages() (map[string]bool, error) {
	file, err := os.Open(importcfgPath)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	std := map[string]bool{}
	lines := bufio.NewScanner(file)
	for lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), "packagefile "); ok {
			path, _, _ := strings.Cut(rest, "=")
			std[path] = true
		}
	}
	return std, lines.Err()
}

// writeLinkImportcfg is the standard importcfg plus the module information that go
// build embeds (runtime/debug.ReadBuildInfo reads it).
func writeLinkImportcfg(module string, virtualTime bool) (string, error) {
	std, err := os.ReadFile(importcfgFor(virtualTime))
	if err != nil {
		return "", err
	}
	info := "path\t" + module + "\nmod\t" + module + "\t(devel)\t\n" +
		"build\t-buildmode=exe\nbuild\t-compiler=gc\n" + buildTagsSetting(virtualTime) + "build\t-trimpath=true\n" +
		"build\tCGO_ENABLED=0\nbuild\tGOARCH=amd64\nbuild\tGOOS=linux\nbuild\tGOAMD64=v1\n"
	config := string(std) + "\nmodinfo " + strconv.Quote(modInfoStart+info+modInfoEnd) + "\n"
	path := filepath.Join(outDir, "importcfg.link")
	return path, os.WriteFile(path, []byte(config), 0o600)
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"go/format"
	"go/scanner"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// go vet runs at the lowest priority: on a busy machine the next learner's build
// comes first, and the host gives up on findings that take too long.
var vetArgs = []string{"vet", "."}

const vetNiceness = 19

const (
	srcDir       = "/tmp/src"
	outDir       = "/tmp/out"
	maxToolBytes = 64 << 10 // go build / go vet output kept per command
	maxArtifact  = 48 << 20 // larger binaries are refused: they would not fit the run container
)

// Go file names (`exported-names.go`) or go.mod, never a path; grader/files.py checks
// the same before sending them.
var fileName = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.-]*\.go|go\.mod)$`)

type buildRequest struct {
	Mode     string            `json:"mode"` // "run", "test" or "format"
	Files    map[string]string `json:"files"`
	ExecArgs []string          `json:"exec_args"` // build-exec only
	ExecEnv  []string          `json:"exec_env"`  // build-exec only
	Token    string            `json:"token"`     // build-exec of tests only, as in execRequest
	// MergeStderr is build-exec only, as in execRequest.
	MergeStderr bool `json:"merge_stderr"`
	// SkipVet: the host is short of CPU; go vet's reply says it did not run.
	SkipVet bool `json:"skip_vet"`
	// Allow: what the exercise allows its code to use in test mode (guard.go).
	Allow []string `json:"allow"`
	// Race: build with the race detector (race.go); only the race image can.
	Race bool `json:"race"`
	// VirtualTime: build with the faketime runtime (faketime.go). The host never asks
	// for both: a race build runs on the real clock.
	VirtualTime bool `json:"virtual_time"`
}

type position struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type toolReply struct {
	Output   string `json:"output"`
	ExitCode int    `json:"exit_code"`
	Millis   int64  `json:"ms"`
	Skipped  bool   `json:"skipped,omitempty"`
}

type buildReply struct {
	OK           bool              `json:"ok"`
	Build        *toolReply        `json:"build,omitempty"`
	Vet          *toolReply        `json:"vet,omitempty"` // build-exec only
	ArtifactSize int64             `json:"artifact_size"`
	Formatted    map[string]string `json:"formatted,omitempty"`
	FormatErrors []position        `json:"format_errors,omitempty"`
	// Test mode: what the exercise code may not use (nothing was built then), the
	// tests the exercise declares and whether the binary writes the completion marker
	// (completion.go).
	Refused []position `json:"refused,omitempty"`
	Tests   []string   `json:"tests,omitempty"`
	Marker  bool       `json:"completion_marker,omitempty"`
}

func serveBuild(idle *time.Timer, thenExec bool) {
	payload, err := readFrame(os.Stdin)
	if err != nil {
		fail("read request: " + err.Error())
	}
	idle.Stop()
	var req buildRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		fail("decode request: " + err.Error())
	}
	for name := range req.Files {
		if !fileName.MatchString(name) || strings.Contains(name, "..") {
			fail("refusing file name " + name)
		}
	}
	if req.Mode == "format" {
		writeJSONFrame(os.Stdout, formatFiles(req.Files))
		return
	}
	std, err := standardPackages()
	if err != nil {
		fail("list the standard library: " + err.Error())
	}
	vetted, err := loadVetted()
	if err != nil {
		fail("read the vetted modules: " + err.Error())
	}
	var unchecked []position
	if req.Mode == "test" {
		var refused []position
		if refused, unchecked = checkExerciseCode(req.Files, req.Allow, std, vetted); len(refused) > 0 {
			writeJSONFrame(os.Stdout, buildReply{Refused: refused})
			return
		}
	}
	unavailable, needed := checkImports(req.Files, std, vetted)
	if req.Race {
		unavailable = append(unavailable, refuseCgo(req.Files)...)
	}
	if len(unavailable) > 0 {
		writeJSONFrame(os.Stdout, buildReply{Build: importErrors(unavailable)})
		return
	}
	if err := requireVetted(req.Files, needed); err != nil {
		fail("require the vetted modules: " + err.Error())
	}
	if err := writeSources(req.Files); err != nil {
		fail("write sources: " + err.Error())
	}
	artifact := filepath.Join(outDir, "prog")
	buildArgs := []string{"build", "-o", artifact, "-ldflags=-s -w", "."}
	var plan testPlan
	if req.Mode == "test" {
		buildArgs = []string{"test", "-c", "-o", artifact, "-vet=off", "-ldflags=-s -w", "."}
		if plan, err = prepareTests(req.Files); err != nil {
			writeJSONFrame(os.Stdout, buildReply{Build: &toolReply{Output: err.Error() + "\n", ExitCode: 1}})
			return
		}
	}

	if req.Race {
		if buildArgs, err = raceBuildArgs(buildArgs); err != nil {
			fail(err.Error())
		}
	} else if req.VirtualTime {
		buildArgs = faketimeBuildArgs(buildArgs)
	}

	if thenExec {
		buildThenExec(req, buildArgs, artifact, plan, unchecked)
		return
	}

	build := buildProgram(req, buildArgs, artifact)
	reply := buildReplyFor(build, plan, unchecked)
	var binary *os.File
	if reply.OK {
		binary, err = os.Open(artifact)
		if err == nil {
			var info os.FileInfo
			if info, err = binary.Stat(); err == nil {
				reply.ArtifactSize = info.Size()
			}
		}
		if err != nil || reply.ArtifactSize > maxArtifact {
			reply.OK = false
			reply.ArtifactSize = 0
			build.ExitCode = 1
			build.Output += "\nthe built program is missing or larger than 48 MiB\n"
		}
	}
	writeJSONFrame(os.Stdout, reply)
	if !reply.OK {
		return
	}
	if n, err := io.Copy(os.Stdout, binary); err != nil || n != reply.ArtifactSize {
		fail("write binary: short write")
	}
	binary.Close()
	// go vet starts only now, while the host runs the binary in another container:
	// beside the build it took a core from the compiler and linker, and the learner
	// waits for those; the program's output is shown before the findings arrive.
	writeJSONFrame(os.Stdout, vetUnlessSkipped(req))
}

// buildThenExec builds, answers and runs the built program. A program's sources
// are the learner's own: they stay for go vet, which runs after the program and
// answers in a relay frame of its own, so it never delays the output. Tests are
// vetted beside the build instead, and every source file (the hidden tests among
// them) is removed before the test binary runs.
func buildThenExec(req buildRequest, buildArgs []string, artifact string, plan testPlan, unchecked []position) {
	if req.Mode == "run" {
		build := buildProgram(req, buildArgs, artifact)
		reply := buildReply{OK: build.ExitCode == 0, Build: build}
		writeJSONFrame(os.Stdout, reply)
		if !reply.OK {
			return
		}
		relay := runProgram(artifact, req.ExecArgs, req.ExecEnv, req.MergeStderr, "")
		payload, _ := json.Marshal(vetUnlessSkipped(req))
		relay.write(relayVet, payload)
		os.Exit(0)
	}
	var build, vet *toolReply
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); build = runTool(buildArgs, 0) }()
	go func() { defer wg.Done(); vet = vetUnlessSkipped(req) }()
	wg.Wait()
	reply := buildReplyFor(build, plan, unchecked)
	if reply.OK {
		reply.Vet = vet
	}
	if err := os.RemoveAll(srcDir); err != nil {
		fail("remove sources: " + err.Error())
	}
	writeJSONFrame(os.Stdout, reply)
	if !reply.OK {
		return
	}
	superviseProgram(artifact, req.ExecArgs, req.ExecEnv, req.MergeStderr, req.Token)
}

// buildReplyFor is the reply to a build; in test mode it says which tests to expect and
// whether the completion marker will come, and refuses files that the code check could
// not parse but the go command built.
func buildReplyFor(build *toolReply, plan testPlan, unchecked []position) buildReply {
	reply := buildReply{OK: build.ExitCode == 0, Build: build, Tests: plan.Tests, Marker: plan.Marker}
	if reply.OK && len(unchecked) > 0 {
		return buildReply{Refused: unchecked}
	}
	return reply
}

func vetUnlessSkipped(req buildRequest) *toolReply {
	if req.SkipVet {
		return &toolReply{Skipped: true}
	}
	return runTool(vetArgs, vetNiceness)
}

func writeSources(files map[string]string) error {
	if err := os.MkdirAll(srcDir, 0o700); err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o700); err != nil {
		return err
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(srcDir, name), []byte(text), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// runTool runs the go command in the source directory, at the given niceness, and
// keeps the start of its combined output.
func runTool(args []string, niceness int) *toolReply {
	return runCommand("go", args, nil, niceness)
}

// runCommand runs a toolchain command in the source directory, with extraEnv on top
// of the agent's environment.
func runCommand(path string, args, extraEnv []string, niceness int) *toolReply {
	start := time.Now()
	cmd := exec.CommandContext(context.Background(), path, args...)
	cmd.Dir = srcDir
	if extraEnv != nil {
		cmd.Env = append(os.Environ(), extraEnv...)
	}
	out := &cappedBuffer{limit: maxToolBytes}
	cmd.Stdout = out
	cmd.Stderr = out
	err := cmd.Start()
	if err == nil {
		if niceness > 0 {
			// Before the go command starts its tools, which inherit it; raising one's
			// own niceness needs no capability. Best effort: a failure only costs speed.
			_ = syscall.Setpriority(syscall.PRIO_PROCESS, cmd.Process.Pid, niceness)
		}
		err = cmd.Wait()
	}
	reply := &toolReply{Output: out.String(), Millis: time.Since(start).Milliseconds()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		reply.ExitCode = exitErr.ExitCode()
		if reply.ExitCode < 0 {
			reply.ExitCode = 128 + int(exitErr.Sys().(syscall.WaitStatus).Signal())
			reply.Output += "\n" + exitErr.Error() + "\n"
		}
	default:
		reply.ExitCode = exitFailure
		reply.Output += "\n" + err.Error() + "\n"
	}
	return reply
}

func formatFiles(files map[string]string) buildReply {
	reply := buildReply{OK: true, Formatted: map[string]string{}}
	for name, text := range files {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		formatted, err := format.Source([]byte(text))
		if err == nil {
			reply.Formatted[name] = string(formatted)
			continue
		}
		reply.OK = false
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				reply.FormatErrors = append(reply.FormatErrors, position{
					File: name, Line: e.Pos.Line, Column: e.Pos.Column, Message: e.Msg,
				})
			}
		} else {
			reply.FormatErrors = append(reply.FormatErrors, position{File: name, Message: err.Error()})
		}
	}
	return reply
}

// cappedBuffer keeps the first limit bytes written to it and drops the rest.
type cappedBuffer struct {
	mu        sync.Mutex
	buf       bytes.Buffer
	limit     int
	truncated bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.limit - b.buf.Len(); room < len(p) {
		b.truncated = true
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return len(p), nil
	}
	b.buf.Write(p)
	return len(p), nil
}

func (b *cappedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.truncated {
		return b.buf.String() + "\n[output truncated]\n"
	}
	return b.buf.String()
}

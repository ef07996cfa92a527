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

const (
	srcDir       = "/tmp/src"
	outDir       = "/tmp/out"
	maxToolBytes = 64 << 10 // go build / go vet output kept per command
	maxArtifact  = 48 << 20 // larger binaries are refused: they would not fit the run container
)

var fileName = regexp.MustCompile(`^([A-Za-z0-9_]+\.go|go\.mod)$`)

type buildRequest struct {
	Mode     string            `json:"mode"` // "run", "test" or "format"
	Files    map[string]string `json:"files"`
	ExecArgs []string          `json:"exec_args"` // build-exec only
	ExecEnv  []string          `json:"exec_env"`  // build-exec only
	// MergeStderr is build-exec only, as in execRequest.
	MergeStderr bool `json:"merge_stderr"`
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
}

type buildReply struct {
	OK           bool              `json:"ok"`
	Build        *toolReply        `json:"build,omitempty"`
	Vet          *toolReply        `json:"vet,omitempty"` // build-exec only
	ArtifactSize int64             `json:"artifact_size"`
	Formatted    map[string]string `json:"formatted,omitempty"`
	FormatErrors []position        `json:"format_errors,omitempty"`
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
		if !fileName.MatchString(name) {
			fail("refusing file name " + name)
		}
	}
	if req.Mode == "format" {
		writeJSONFrame(os.Stdout, formatFiles(req.Files))
		return
	}
	if err := writeSources(req.Files); err != nil {
		fail("write sources: " + err.Error())
	}
	artifact := filepath.Join(outDir, "prog")
	buildArgs := []string{"build", "-o", artifact, "-ldflags=-s -w", "."}
	if req.Mode == "test" {
		buildArgs = []string{"test", "-c", "-o", artifact, "-vet=off", "-ldflags=-s -w", "."}
	}

	if thenExec {
		buildThenExec(req, buildArgs, artifact)
		return
	}

	build := runTool(buildArgs)
	reply := buildReply{OK: build.ExitCode == 0, Build: build}
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
	writeJSONFrame(os.Stdout, runTool([]string{"vet", "."}))
}

// buildThenExec builds and vets concurrently, answers, removes every source
// file and then runs the built program.
func buildThenExec(req buildRequest, buildArgs []string, artifact string) {
	var build, vet *toolReply
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); build = runTool(buildArgs) }()
	go func() { defer wg.Done(); vet = runTool([]string{"vet", "."}) }()
	wg.Wait()
	reply := buildReply{OK: build.ExitCode == 0, Build: build}
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
	superviseProgram(artifact, req.ExecArgs, req.ExecEnv, req.MergeStderr)
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

// runTool runs the go command in the source directory and keeps the start of
// its combined output.
func runTool(args []string) *toolReply {
	start := time.Now()
	cmd := exec.CommandContext(context.Background(), "go", args...)
	cmd.Dir = srcDir
	out := &cappedBuffer{limit: maxToolBytes}
	cmd.Stdout = out
	cmd.Stderr = out
	err := cmd.Run()
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

package main

import (
	"encoding/json"
	"io"
	"os"
	"syscall"
	"time"
)

const programPath = "/tmp/prog"

type execRequest struct {
	Args []string `json:"args"` // without argv[0]
	Env  []string `json:"env"`
	Size int64    `json:"size"` // bytes of the binary that follow the frame
	// MergeStderr points the program's stderr at its stdout, as go test does, so that
	// a panic's trace lands in order among the test output.
	MergeStderr bool `json:"merge_stderr"`
}

// serveExec receives the binary, announces that it is about to run it, and
// replaces itself with it. Nothing the agent writes can follow the announcement.
func serveExec(idle *time.Timer) {
	payload, err := readFrame(os.Stdin)
	if err != nil {
		fail("read request: " + err.Error())
	}
	idle.Stop()
	var req execRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		fail("decode request: " + err.Error())
	}
	out, err := os.OpenFile(programPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		fail("create program: " + err.Error())
	}
	// Read exactly the binary from the unbuffered stdin: what follows is the program's stdin.
	if _, err := io.CopyN(out, os.Stdin, req.Size); err != nil {
		fail("receive program: " + err.Error())
	}
	if err := out.Close(); err != nil {
		fail("close program: " + err.Error())
	}
	if err := os.Chdir("/tmp"); err != nil {
		fail("chdir: " + err.Error())
	}
	writeJSONFrame(os.Stdout, map[string]bool{"exec": true})
	execProgram(programPath, req.Args, req.Env, req.MergeStderr)
}

// execProgram replaces the agent with the program; it only returns by failing.
func execProgram(path string, args, env []string, mergeStderr bool) {
	if mergeStderr {
		if err := syscall.Dup3(1, 2, 0); err != nil {
			fail("merge stderr: " + err.Error())
		}
	}
	err := syscall.Exec(path, append([]string{path}, args...), env)
	fail("exec: " + err.Error())
}

// Command agent is the entrypoint of the gocourse sandbox image.
//
// It talks to grader/sandbox/ over the container's stdin and stdout with
// frames: a 4-byte big-endian length followed by that many bytes (JSON or a
// binary). Each container runs the agent once, in one of three roles:
//
//	agent build       reads {"mode","files","allow"}; answers with the build
//	                  result and the built binary, then runs go vet (at the
//	                  lowest priority) and answers with its findings. Only the
//	                  Go toolchain runs in this container, never learner code.
//	                  In test mode it first checks the exercise code (guard.go)
//	                  and adds the completion files (completion.go).
//	agent exec        reads {"args","env","size","token"} and the binary, writes it to
//	                  /tmp and runs it as its only child, relaying its output in
//	                  frames and then its exit status (exec.go). The agent stays
//	                  PID 1 out of the program's reach: it ignores the signals
//	                  that would stop it (and PID 1 never gets SIGKILL or SIGSTOP
//	                  from inside), and it is not dumpable, so it cannot be
//	                  ptraced or written to through /proc/1/fd. The host learns
//	                  the result from the exit frame without waiting for Docker
//	                  to process the container's exit (about 50 ms).
//	agent build-exec  both in one container: builds, answers and runs the
//	                  binary. A program (mode run) is then vetted and the
//	                  findings relayed after its exit frame; for tests, go vet
//	                  runs beside the build and every source file is deleted
//	                  before the test binary runs. The default for programs:
//	                  one container per run instead of two.
//
//	agent importcfg   run once when the image is built: lists the compiled
//	                  standard library for the fast build of fastbuild.go.
//	agent warm-gate   run once when the image is built: puts the test binaries'
//	                  gate package (completion.go) in the build cache.
//
// A pre-started container waits for its first frame; if none comes within
// the idle timeout (SANDBOX_AGENT_IDLE_SECONDS, default 900) it exits.
package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// Exit codes of the agent itself, distinct from anything the Go toolchain uses.
const (
	exitIdle    = 124 // no request arrived in time
	exitFailure = 125 // protocol or I/O failure before learner code ran
)

const maxHeaderBytes = 4 << 20

func main() {
	if len(os.Args) != 2 {
		fail("usage: agent build|exec|build-exec|importcfg|warm-gate")
	}
	idle := time.AfterFunc(idleTimeout(), func() { os.Exit(exitIdle) })
	switch os.Args[1] {
	case "build":
		serveBuild(idle, false)
	case "build-exec":
		serveBuild(idle, true)
	case "exec":
		serveExec(idle)
	case "importcfg":
		writeImportcfg()
	case "warm-gate":
		warmGate()
	default:
		fail("unknown role " + os.Args[1])
	}
}

func idleTimeout() time.Duration {
	seconds, err := strconv.Atoi(os.Getenv("SANDBOX_AGENT_IDLE_SECONDS"))
	if err != nil || seconds <= 0 {
		seconds = 900
	}
	return time.Duration(seconds) * time.Second
}

// readFrame reads one frame from r without reading past it, so that whatever
// follows on stdin is still there for the next reader.
func readFrame(r io.Reader) ([]byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(size[:])
	if n > maxHeaderBytes {
		return nil, fmt.Errorf("frame of %d bytes is too large", n)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

func writeFrame(w io.Writer, payload []byte) error {
	var size [4]byte
	binary.BigEndian.PutUint32(size[:], uint32(len(payload)))
	if _, err := w.Write(size[:]); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

func writeJSONFrame(w io.Writer, v any) {
	payload, err := json.Marshal(v)
	if err != nil {
		fail("encode reply: " + err.Error())
	}
	if err := writeFrame(w, payload); err != nil {
		fail("write reply: " + err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "agent:", message)
	os.Exit(exitFailure)
}

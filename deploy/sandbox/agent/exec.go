package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"sync"
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
	// Token, for a test binary: the secret of its completion marker, which it reads
	// from file descriptor 3 (completion.go).
	Token string `json:"token"`
}

// serveExec receives the binary, announces that it is about to run it, and
// supervises it. Nothing the agent writes after the announcement is unframed.
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
	writeJSONFrame(os.Stdout, map[string]bool{"exec": true})
	superviseProgram(programPath, req.Args, req.Env, req.MergeStderr, req.Token)
}

// Relay frames, after the announcement: a kind byte, a 4-byte big-endian length and
// the payload. The exit frame is the agent's last word.
const (
	relayStdout = 'o'
	relayStderr = 'e'
	relayExit   = 'x' // {"code": exit status, or 128 + signal}
	relayVet    = 'v' // build-exec of a program only: go vet's reply, after the exit frame
)

// superviseProgram runs the program as the agent's only child, relays its output in
// frames and then reports how it ended, so the host has the result without waiting for
// Docker to notice the container's exit. The program cannot reach the agent: PID 1
// never receives SIGKILL or SIGSTOP from inside its namespace and ignores the other
// signals that would stop it, and a process that is not dumpable can be neither
// ptraced nor opened through /proc/1/fd by a process without CAP_SYS_PTRACE. (A
// program that crashes it with a synchronous signal, kill(1, SIGSEGV), only ends its
// own run: the host then reads the container's exit from Docker.) It never returns.
func superviseProgram(path string, args, env []string, mergeStderr bool, token string) {
	runProgram(path, args, env, mergeStderr, token)
	os.Exit(0)
}

// runProgram is superviseProgram up to the exit frame; it returns the relay for
// whatever the agent has to add, once every process of the program is gone. A token
// is handed to the program on file descriptor 3, a pipe that holds nothing else.
func runProgram(path string, args, env []string, mergeStderr bool, token string) *relayWriter {
	signal.Ignore(stoppingSignals...)
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_DUMPABLE, 0, 0); errno != 0 {
		fail("prctl: " + errno.Error())
	}
	relay := &relayWriter{w: os.Stdout}
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		fail("pipe: " + err.Error())
	}
	stderrR, stderrW := stdoutR, stdoutW
	if !mergeStderr {
		if stderrR, stderrW, err = os.Pipe(); err != nil {
			fail("pipe: " + err.Error())
		}
	}
	cmd := &exec.Cmd{
		Path: path, Args: append([]string{path}, args...), Env: env, Dir: "/tmp",
		Stdin: os.Stdin, Stdout: stdoutW, Stderr: stderrW,
	}
	if token != "" {
		cmd.ExtraFiles = []*os.File{tokenPipe(token)}
	}
	if err := cmd.Start(); err != nil {
		fail("start program: " + err.Error())
	}
	stdoutW.Close()
	stderrW.Close()
	for _, file := range cmd.ExtraFiles {
		file.Close()
	}
	var readers sync.WaitGroup
	readers.Go(func() { relay.copy(relayStdout, stdoutR) })
	if !mergeStderr {
		readers.Go(func() { relay.copy(relayStderr, stderrR) })
	}
	err = cmd.Wait()
	// Whatever the program left running would hold its pipes open: stop it all.
	syscall.Kill(-1, syscall.SIGKILL)
	readers.Wait()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		status := exitErr.Sys().(syscall.WaitStatus)
		code = status.ExitStatus()
		if status.Signaled() {
			code = 128 + int(status.Signal())
		}
	} else if err != nil {
		fail("wait for program: " + err.Error())
	}
	payload, _ := json.Marshal(map[string]int{"code": code})
	relay.write(relayExit, payload)
	return relay
}

// tokenPipe is the read end of a pipe that holds token and is closed for writing: the
// program reads it to its end and closes it, after which nothing in it can reach it.
func tokenPipe(token string) *os.File {
	r, w, err := os.Pipe()
	if err != nil {
		fail("pipe: " + err.Error())
	}
	if _, err := w.WriteString(token); err != nil { // far below the pipe's capacity
		fail("write the token: " + err.Error())
	}
	w.Close()
	return r
}

// stoppingSignals would end or stop the agent. Not SIGCHLD: ignoring it would reap
// the program before Wait could.
var stoppingSignals = []os.Signal{
	syscall.SIGHUP, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGUSR1,
	syscall.SIGUSR2, syscall.SIGPIPE, syscall.SIGALRM, syscall.SIGVTALRM, syscall.SIGPROF,
	syscall.SIGXCPU, syscall.SIGXFSZ, syscall.SIGTSTP, syscall.SIGTTIN, syscall.SIGTTOU,
	syscall.SIGIO, syscall.SIGPWR, syscall.SIGSTKFLT,
}

// relayWriter frames chunks from several pipes onto one stream, one frame at a time.
type relayWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (r *relayWriter) write(kind byte, payload []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var header [5]byte
	header[0] = kind
	binary.BigEndian.PutUint32(header[1:], uint32(len(payload)))
	if _, err := r.w.Write(header[:]); err != nil {
		os.Exit(exitFailure) // the host hung up: nobody is left to tell
	}
	if _, err := r.w.Write(payload); err != nil {
		os.Exit(exitFailure)
	}
}

func (r *relayWriter) copy(kind byte, from io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := from.Read(buf)
		if n > 0 {
			r.write(kind, buf[:n])
		}
		if err != nil {
			return
		}
	}
}

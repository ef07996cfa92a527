module gocourse/sandbox/agent

go 1.27

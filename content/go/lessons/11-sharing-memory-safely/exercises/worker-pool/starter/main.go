package main

import "fmt"

// Process calls work once for every job, with at most workers calls running
// at the same time (a workers value below 1 counts as 1). It returns what work
// returned for each job, in the same order as jobs, and every error work
// returned, joined with errors.Join in job order (nil if none failed).
func Process(jobs []string, workers int, work func(string) (int, error)) ([]int, error) {
	return nil, nil
}

// files stands in for a disk: name -> contents.
var files = map[string]string{
	"a.txt": "hello",
	"b.txt": "concurrency in go",
	"c.txt": "",
	"d.txt": "mutex",
}

// size returns the length of a file's contents, or an error if it is missing.
func size(name string) (int, error) {
	text, ok := files[name]
	if !ok {
		return 0, fmt.Errorf("%s: no such file", name)
	}
	return len(text), nil
}

func main() {
	names := []string{"a.txt", "b.txt", "missing.txt", "c.txt", "d.txt", "gone.txt"}
	sizes, err := Process(names, 2, size)
	fmt.Println(sizes)
	fmt.Println(err)
}

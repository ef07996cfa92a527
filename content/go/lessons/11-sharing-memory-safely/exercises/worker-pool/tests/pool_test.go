package main

import (
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

func length(s string) (int, error) { return len(s), nil }

var letters = []string{"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg", "hhhhhhhh", "iiiiiiiii"}

func TestProcessReturnsResultsInJobOrder(t *testing.T) {
	want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9}
	for _, workers := range []int{1, 2, 3, 20, 0} {
		got, err := Process(letters, workers, length)
		if err != nil {
			t.Errorf("Process(%q, %d, length) returned error %v, want nil", letters, workers, err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Process(%q, %d, length) = %v, want %v (the result for jobs[i] belongs in position i; workers below 1 count as 1)", letters, workers, got, want)
		}
	}
}

func TestProcessWithNoJobs(t *testing.T) {
	got, err := Process(nil, 3, length)
	if len(got) != 0 || err != nil {
		t.Errorf("Process(nil, 3, length) = (%v, %v), want an empty result and a nil error", got, err)
	}
}

func TestProcessCallsWorkOncePerJob(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]int{}
	count := func(job string) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		calls[job]++
		return 0, nil
	}
	Process(letters, 3, count)
	mu.Lock()
	defer mu.Unlock()
	for _, job := range letters {
		if calls[job] != 1 {
			t.Errorf("Process(jobs, 3, work) called work(%q) %d times, want exactly once", job, calls[job])
		}
	}
}

var (
	errB = errors.New("job b failed")
	errD = errors.New("job d failed")
)

func failSome(job string) (int, error) {
	switch job {
	case "b":
		return 0, errB
	case "d":
		return 0, errD
	}
	return 10, nil
}

func TestProcessJoinsEveryErrorInJobOrder(t *testing.T) {
	jobs := []string{"a", "b", "c", "d", "e"}
	got, err := Process(jobs, 2, failSome)
	if err == nil {
		t.Fatalf("Process(%q, 2, work) returned a nil error, but work failed for \"b\" and \"d\"", jobs)
	}
	if !errors.Is(err, errB) || !errors.Is(err, errD) {
		t.Errorf("Process(%q, 2, work) returned error %q, want one that contains both %q and %q (use errors.Join)", jobs, err, errB, errD)
	}
	if want := "job b failed\njob d failed"; err.Error() != want {
		t.Errorf("Process(%q, 2, work) returned error %q, want %q (the errors joined in job order)", jobs, err, want)
	}
	if want := []int{10, 0, 10, 0, 10}; !slices.Equal(got, want) {
		t.Errorf("Process(%q, 2, work) results = %v, want %v", jobs, got, want)
	}
}

func TestProcessReturnsNilErrorWhenNothingFails(t *testing.T) {
	jobs := []string{"a", "c", "e"}
	got, err := Process(jobs, 2, failSome)
	if err != nil {
		t.Errorf("Process(%q, 2, work) returned error %v, want nil (no job failed)", jobs, err)
	}
	if want := []int{10, 10, 10}; !slices.Equal(got, want) {
		t.Errorf("Process(%q, 2, work) results = %v, want %v", jobs, got, want)
	}
}

// tracker records how many calls to work are in progress at once.
type tracker struct {
	mu       sync.Mutex
	inFlight int
	peak     int
}

func (tr *tracker) enter() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.inFlight++
	tr.peak = max(tr.peak, tr.inFlight)
	return tr.inFlight
}

func (tr *tracker) leave() {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.inFlight--
}

func TestProcessNeverRunsMoreThanWorkersAtOnce(t *testing.T) {
	jobs := make([]string, 30)
	for _, workers := range []int{1, 2, 4} {
		var tr tracker
		busy := func(string) (int, error) {
			tr.enter()
			defer tr.leave()
			for range 50 {
				runtime.Gosched() // give other goroutines every chance to start
			}
			return 1, nil
		}
		Process(jobs, workers, busy)
		if tr.peak > workers {
			t.Errorf("Process(30 jobs, %d, work) had %d calls to work running at the same time, want at most %d (start exactly workers goroutines)", workers, tr.peak, workers)
		}
	}
}

// TestProcessRunsWorkersAtTheSameTime makes the first calls wait until
// `workers` of them are in progress together, which only happens when the
// workers really run concurrently.
func TestProcessRunsWorkersAtTheSameTime(t *testing.T) {
	const workers = 3
	jobs := make([]string, 9)
	var tr tracker
	allBusy := make(chan struct{})
	var openOnce sync.Once
	var mu sync.Mutex
	gaveUp := false
	work := func(string) (int, error) {
		if tr.enter() == workers {
			openOnce.Do(func() { close(allBusy) })
		}
		defer tr.leave()
		select {
		case <-allBusy:
		case <-time.After(300 * time.Millisecond):
			mu.Lock()
			gaveUp = true
			mu.Unlock()
			openOnce.Do(func() { close(allBusy) }) // do not make later calls wait
		}
		return 1, nil
	}
	Process(jobs, workers, work)
	mu.Lock()
	defer mu.Unlock()
	if tr.peak == 0 {
		t.Fatalf("Process(9 jobs, %d, work) never called work", workers)
	}
	if gaveUp {
		t.Errorf("Process(9 jobs, %d, work) never had %d calls to work running at the same time (at most %d); start %d worker goroutines", workers, workers, tr.peak, workers)
	}
}

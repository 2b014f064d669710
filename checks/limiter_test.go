package checks

import (
	"context"
	"testing"
	"time"
)

// take acquires n slots at once.
func take(t *testing.T, l *limiter, n int) []ticket {
	t.Helper()
	out := make([]ticket, n)
	for i := range out {
		tk, err := l.acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out[i] = tk
	}
	return out
}

// waiting starts an acquire in the background; the returned function
// reports whether it was granted within a moment.
func waiting(l *limiter) func() bool {
	got := make(chan struct{})
	go func() {
		if _, err := l.acquire(context.Background()); err == nil {
			close(got)
		}
	}()
	return func() bool {
		select {
		case <-got:
			return true
		case <-time.After(50 * time.Millisecond):
			return false
		}
	}
}

// A burst of ten reaches the org in its own order: whichever come back
// refused, the bound ends at the number the org served, and a refused
// request goes again as soon as one of ours returns.
func TestLimiterLowersToWhatTheOrgAcceptedAndRetriesOnRelease(t *testing.T) {
	l := newLimiter(10)
	tk := take(t, l, 10)
	// The org served six and refused four; the refusals are answered
	// first, and the first of them left before most of the served ones.
	for _, i := range []int{1, 4, 7, 9} {
		if alone := l.release(tk[i], true); alone {
			t.Fatal("a refusal beside requests in flight is not alone")
		}
	}
	if l.bound != 6 {
		t.Fatalf("bound %d after four refusals beside six served, want 6", l.bound)
	}
	retry := waiting(l)
	if retry() {
		t.Fatal("the retry went out although six are in flight and the bound is six")
	}
	l.release(tk[0], false)
	if !retry() {
		t.Fatal("the retry did not go out when one of ours returned")
	}
	if f := l.figures(); f.Lowest != 6 || f.Refusals != 4 || f.Peak != 10 {
		t.Fatalf("figures %+v", f)
	}
}

func TestLimiterRefusedAlone(t *testing.T) {
	l := newLimiter(5)
	tk := take(t, l, 1)
	if alone := l.release(tk[0], true); !alone || l.bound != 5 {
		t.Fatalf("alone %v, bound %d: a refusal with nothing of ours served is alone, and teaches no bound", alone, l.bound)
	}
	// Beside one served request, a refusal brings the bound down to one
	// (never below).
	tk = take(t, l, 2)
	l.release(tk[0], false)
	if alone := l.release(tk[1], true); alone || l.bound != 1 {
		t.Fatalf("alone %v, bound %d, want the bound at 1", alone, l.bound)
	}
}

func TestLimiterGrowsBackCarefully(t *testing.T) {
	l := newLimiter(8)
	tk := take(t, l, 3)
	l.release(tk[2], true) // two served beside it: bound 2
	l.release(tk[0], false)
	l.release(tk[1], false)
	if l.bound != 2 {
		t.Fatalf("bound %d while the refusal's episode was open, want 2", l.bound)
	}
	for range 2 {
		l.release(take(t, l, 1)[0], false)
	}
	if l.bound != 3 {
		t.Fatalf("bound %d after two answers at 2, want 3", l.bound)
	}
	for range 3 {
		l.release(take(t, l, 1)[0], false)
	}
	if l.bound != 4 {
		t.Fatalf("bound %d, want 4: one more per bound's worth of answers", l.bound)
	}
	for range 100 {
		l.release(take(t, l, 1)[0], false)
	}
	if l.bound != 8 {
		t.Fatalf("bound %d, want it back at 8 and no higher", l.bound)
	}
	l.capAt(5)
	if l.bound != 5 {
		t.Fatalf("bound %d after capAt(5)", l.bound)
	}
	l.configure(20)
	if l.bound != 5 || l.most != 20 {
		t.Fatalf("configure raised a bound learnt from refusals: %d (most %d)", l.bound, l.most)
	}
}

func TestLimiterCancelledWait(t *testing.T) {
	l := newLimiter(1)
	tk := take(t, l, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := l.acquire(ctx); done <- err }()
	time.Sleep(10 * time.Millisecond)
	cancel()
	if err := <-done; err == nil {
		t.Fatal("a cancelled wait was granted")
	}
	l.forget(tk[0])
	if len(l.inFlight) != 0 || len(l.queue) != 0 {
		t.Fatalf("in flight %d, queue %d after the cancel", len(l.inFlight), len(l.queue))
	}
}

package wizard

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks"
)

// WatchingPrompter is a prompter that can wait for an answer while Okta is
// watched: AskWatching prints prompt and returns the line typed, or
// done=true as soon as check, called once per tick, reports that the step
// passed. No typed input is lost: it reads only when a whole line is
// ready. Accessible mode watches Okta through it when its prompter has it.
type WatchingPrompter interface {
	AskWatching(ctx context.Context, prompt string, ticks <-chan time.Time, check func() bool) (line string, done bool, err error)
}

// askWatching is afterCheck's prompt on a step that waits for the console
// (Machine.Watchable): while the person has not answered, the step's checks
// run again every WatchEvery on a copy of the answers, for at most
// WatchFor. done reports that Okta now shows the step done: the caller
// checks it again through the machine, which records the pass.
func (l *lineRun) askWatching(prompt string) (ans string, done bool, err error) {
	wp, ok := l.lp.(WatchingPrompter)
	if !ok || !l.m.Watchable() || l.cfg.Check == nil {
		ans, err := l.ask(prompt)
		return ans, false, err
	}
	s, a := l.m.Current(), *l.m.Answers()
	l.say(fmt.Sprintf("Watching Okta: checking again every %d s while this waits, so it goes on by itself once it is done; answer anything to stop.", max(int(l.cfg.WatchEvery/time.Second), 1)))
	ticks, stop := l.cfg.Ticks(l.cfg.WatchEvery)
	defer stop()
	limited := make(chan time.Time)
	ctx, cancel := context.WithCancel(l.ctx)
	defer cancel()
	go func() { // pass on at most WatchFor's worth of ticks
		defer close(limited)
		for n := time.Duration(0); n < l.cfg.WatchFor; n += l.cfg.WatchEvery {
			select {
			case <-ctx.Done():
				return
			case t := <-ticks:
				select {
				case limited <- t:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	check := func() bool {
		r := l.cfg.Check(ctx, a.CheckInput(), s.Checks)
		return ctx.Err() == nil && s.Outcome(r) != checks.Fail
	}
	v, done, err := wp.AskWatching(ctx, prompt, limited, check)
	if cerr := l.ctx.Err(); cerr != nil {
		return "", false, cerr
	}
	if err != nil || done {
		if done {
			l.say("Okta shows it done.")
		}
		return "", done, err
	}
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, cmdQuit) {
		return "", false, ErrAborted
	}
	return v, false, nil
}

// realTicks is the default watch clock.
func realTicks(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

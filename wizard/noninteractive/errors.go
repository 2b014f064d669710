package noninteractive

import (
	"errors"
	"strings"
)

// ErrChecksFailed is returned by Plan.Write when a check failed: nothing is
// written.
var ErrChecksFailed = errors.New("a check failed; the .env was not written")

// ErrNotConfirmed is returned by Plan.Write when replacing the existing
// .env was not confirmed (no --yes, and the person asked said no).
var ErrNotConfirmed = errors.New("replacing the .env was not confirmed; nothing was written")

// Problem is one missing or refused answer. Its text names the flag (or
// environment variable) that supplies the answer, and never holds a secret.
type Problem struct {
	// Flag is the flag concerned, without dashes ("" when none).
	Flag string
	// Missing is true when no value was given and none could be defaulted.
	Missing bool
	// Text says what is wrong and how to put it right.
	Text string
}

func (p Problem) String() string { return p.Text }

// AnswerError lists the answers that are missing or refused. Callers exit
// with the usage code (2): nothing was checked or written.
type AnswerError struct {
	Problems []Problem
}

func (e *AnswerError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].Text
	}
	var b strings.Builder
	b.WriteString("some answers are missing or refused:")
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.Text)
	}
	return b.String()
}

// Missing returns the flags of the missing answers.
func (e *AnswerError) Missing() []string {
	var out []string
	for _, p := range e.Problems {
		if p.Missing && p.Flag != "" {
			out = append(out, p.Flag)
		}
	}
	return out
}

func problemsOf(texts []string) []Problem {
	out := make([]Problem, len(texts))
	for i, t := range texts {
		out[i] = Problem{Text: t}
	}
	return out
}

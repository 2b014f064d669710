package main

// What `tako-setup check` needs as Tako's preflight (a one-shot compose
// service, or a line before `python main.py`): --quiet prints only the
// failures, one line each, and --timeout bounds the whole run.

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/termtext"
)

// idTimeout is the finding added when the whole check ran out of time.
const idTimeout = "timeout"

// boundRun bounds the whole check by d (each answer from Okta is bounded
// by d too, in the engine): a preflight must end, whatever the network.
// The caller tells an interruption from the deadline by the parent ctx.
func boundRun(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// withTimeoutFinding adds to rep the failure that says the check did not
// finish within d: the engine skipped what it had not done, and a
// preflight must not pass on a check that never ran.
func withTimeoutFinding(rep checks.Report, d time.Duration) checks.Report {
	var notDone []string
	for _, f := range rep.Findings {
		if f.Status == checks.Skip {
			notDone = append(notDone, f.ID)
		}
	}
	detail := fmt.Sprintf("--timeout %s bounds the whole check, and Okta had not answered every request by then.", d)
	if len(notDone) > 0 {
		detail += " Not done: " + strings.Join(notDone, ", ") + "."
	}
	host := rep.OrgURL
	if host == "" {
		host = "the org"
	}
	rep.Findings = append(rep.Findings, checks.Finding{
		ID:     idTimeout,
		Status: checks.Fail,
		Title:  fmt.Sprintf("The check did not finish within %s", d),
		Detail: detail,
		Fix:    "Check that this machine reaches " + host + " (firewall, proxy: set HTTPS_PROXY if your network needs one) and run the check again; on a slow link raise --timeout (e.g. --timeout 60s).",
	})
	return rep
}

// writeFailures prints one line per failed check — its id, title and fix —
// and nothing for passes, warnings and skips.
func writeFailures(w io.Writer, rep checks.Report) error {
	for _, f := range rep.Findings {
		if f.Status != checks.Fail {
			continue
		}
		line := "FAIL " + f.ID + ": " + oneLine(f.Title)
		if fix := oneLine(f.Fix); fix != "" {
			line += " — fix: " + fix
		}
		if _, err := fmt.Fprintln(w, termtext.Line(line)); err != nil {
			return fmt.Errorf("writing the failures: %w", err)
		}
	}
	return nil
}

// oneLine folds s onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

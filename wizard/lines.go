package wizard

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/fctr-id/tako-setup/assets"
	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
)

// ErrAborted is returned when the user quits line mode.
var ErrAborted = errors.New("stopped by the user")

// ErrEndOfInput is returned when the input ends at a prompt (ctrl+d at the
// start of a line). It ends line mode as "quit" does: it wraps ErrAborted.
var ErrEndOfInput = fmt.Errorf("end of input (ctrl+d): %w", ErrAborted)

// LinePrompter is accessible mode's terminal: plain lines out, one answer
// in at a time. Secrets are read without echo.
type LinePrompter interface {
	// Say prints text (one or more lines).
	Say(text string)
	// Ask prints prompt and reads one visible line.
	Ask(prompt string) (string, error)
	// AskSecret prints prompt and reads one line without echo.
	AskSecret(prompt string) (string, error)
}

// ContextLinePrompter is a LinePrompter whose reads also end when a
// context ends (ctrl+c, SIGTERM, SIGHUP) rather than waiting for Enter,
// returning the context's error. RunLines uses these methods when its
// prompter has them.
type ContextLinePrompter interface {
	LinePrompter
	AskContext(ctx context.Context, prompt string) (string, error)
	AskSecretContext(ctx context.Context, prompt string) (string, error)
}

// SecretLinesPrompter is a prompter that can read several hidden lines
// under one echo-off section: a pasted private key is read this way, so
// that echo is not back on between two of its lines. RunLines uses it when
// its prompter has it, and reads the key one hidden line at a time
// otherwise.
type SecretLinesPrompter interface {
	// AskSecretLines prints prompt and reads lines without echo until done
	// reports that the lines read so far are the whole answer, or ctx ends
	// (returning its error).
	AskSecretLines(ctx context.Context, prompt string, done func(lines []string) bool) ([]string, error)
}

// Line-mode commands, accepted at every prompt.
const (
	cmdBack  = "back"
	cmdHelp  = "help"
	cmdQuit  = "quit"
	cmdAgain = "again"
	cmdFix   = "console"
)

// RunLines is accessible mode: the same steps, checks and machine as the
// TUI, as a line-by-line conversation. It returns how the walk ended and the
// final answers.
func RunLines(ctx context.Context, cfg Config, lp LinePrompter) (Outcome, *steps.Answers, error) {
	cfg.defaults()
	l := &lineRun{ctx: ctx, cfg: &cfg, lp: lp, m: New(cfg.Graph, cfg.Answers, cfg.Env)}
	return l.run()
}

type lineRun struct {
	ctx   context.Context
	cfg   *Config
	lp    LinePrompter
	m     *Machine
	shown steps.ID // the step whose explanation was printed last
	// askedKeys are the inputs answered on the current step in this visit.
	askedKeys map[steps.ID]bool
	// editing: the user asked to change the answers of a checked step.
	editing bool
}

// say prints text made safe for the terminal (termtext.Text): what
// accessible mode says quotes the .env, the progress file, Okta and file
// names.
func (l *lineRun) say(text string) { l.lp.Say(termtext.Text(text)) }

func (l *lineRun) run() (Outcome, *steps.Answers, error) {
	l.say("tako-setup, line by line. Answer each question and press Enter.\n" +
		"At any prompt: \"back\" goes to the previous step, \"help\" repeats the\n" +
		"explanation, \"again\" re-runs the step's checks, and \"quit\" stops without\n" +
		"writing anything.")
	if l.cfg.Demo {
		l.say("This is the demo: the Okta org is simulated on this machine. Type\n" +
			"\"console\" to have the simulated admin console do the current step.")
	}
	var req *Request
	if p := l.cfg.Resume; p != nil && p.Worth() {
		l.say(fmt.Sprintf("Saved progress found for %s (%d steps had passed).", p.OrgURL, len(p.Passed)))
		ans, err := l.ask("Resume where you left off? (yes/no) [yes]: ")
		if err != nil {
			return Running, nil, err
		}
		resume, perr := steps.ParseYesNo(ans, steps.DefaultYes)
		for perr != nil {
			l.say("Not accepted: " + perr.Error() + ".")
			if ans, err = l.ask("Resume where you left off? (yes/no) [yes]: "); err != nil {
				return Running, nil, err
			}
			resume, perr = steps.ParseYesNo(ans, steps.DefaultYes)
		}
		if resume {
			req = l.m.Resume(*p)
		} else {
			req = l.m.Start()
		}
	} else {
		req = l.m.Start()
	}
	for {
		if err := l.ctx.Err(); err != nil {
			return Running, nil, err
		}
		if err := l.work(req); err != nil {
			return Running, nil, err
		}
		req = nil
		switch l.m.Outcome() {
		case Finished:
			l.final()
			return Finished, l.m.Answers(), nil
		case Rotate:
			return Rotate, l.m.Answers(), nil
		}
		next, err := l.step()
		if err != nil {
			return Running, nil, err
		}
		req = next
	}
}

// work runs requests to completion, saying what happens.
func (l *lineRun) work(req *Request) error {
	for req != nil {
		l.explain()
		l.say(workingText(req.Step))
		res := runRequest(l.ctx, l.cfg, *req)
		_, next := l.m.Result(res)
		if isStaleReview(res) && l.m.Current().Role == steps.ReviewRole {
			l.say(staleReviewNotice(res.Err))
		}
		l.saveProgress()
		if err := l.ctx.Err(); err != nil {
			return err
		}
		l.report(req.Step.ID)
		req = next
	}
	return nil
}

func (l *lineRun) saveProgress() {
	if l.cfg.Progress == nil {
		return
	}
	if l.m.Status(steps.Write).Done() {
		_ = l.cfg.Progress.Clear()
		return
	}
	if p := l.m.Progress(l.cfg.EnvFile, l.cfg.Now()); p.Worth() {
		_ = l.cfg.Progress.Save(p)
	}
}

// explain prints the current step's heading and explanation once.
func (l *lineRun) explain() {
	s := l.m.Current()
	if l.shown == s.ID {
		return
	}
	l.shown = s.ID
	l.resetAsked()
	l.printHelp(s)
}

func (l *lineRun) printHelp(s steps.Step) {
	a := l.m.Answers()
	i, n := l.m.Position()
	help, _ := assets.ForStep(string(s.ID))
	title := help.Title
	if title == "" {
		title = s.Title
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nStep %d of %d: %s\n", i, n, title)
	if c := help.ConsoleFor(a.Token()); c != "" {
		fmt.Fprintf(&b, "In Okta: %s\n", c)
	}
	if link := help.DeepLink(a.OrgURL, a.ClientID, a.Token()); link != "" {
		fmt.Fprintf(&b, "Address: %s\n", link)
	}
	body := strings.Join(helpLines(help.Body, 78), "\n")
	body = strings.ReplaceAll(body, "• ", "- ") // plain text for screen readers
	if strings.HasPrefix(body, "- ") {
		body = "\n" + body
	}
	b.WriteString("\n" + body)
	if s.ID == steps.Welcome && a.Existing != nil {
		b.WriteString("\n\n" + existingText(a.Existing))
	}
	if s.Role == steps.ReviewRole {
		b.WriteString("\n\n" + l.previewText())
	}
	l.say(b.String())
}

// previewText is the review's masked diff, made now from the answers:
// the Env writes exactly the edit it last previewed.
func (l *lineRun) previewText() string {
	if l.cfg.Env.Preview == nil {
		return ""
	}
	text := fmt.Sprintf("Changes to %s:\n", l.cfg.EnvFile)
	diff, err := l.cfg.Env.Preview(l.m.Answers())
	if err != nil {
		return text + "ERROR: " + err.Error()
	}
	return text + strings.TrimRight(diff, "\n")
}

func existingText(e *steps.Existing) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Found %s:", e.Path)
	if e.OrgURL != "" {
		fmt.Fprintf(&b, "\n  org: %s", e.OrgURL)
	}
	if e.Method != "" {
		fmt.Fprintf(&b, "\n  method: %s", e.Method)
	}
	if e.ClientID != "" {
		fmt.Fprintf(&b, "\n  client ID: %s", e.ClientID)
	}
	if e.HasKey {
		b.WriteString("\n  private key: set (hidden)")
	}
	if e.HasToken {
		b.WriteString("\n  API token: set (hidden)")
	}
	if e.Unrelated > 0 {
		fmt.Fprintf(&b, "\n  %s, kept as they are", plural(e.Unrelated, "other setting"))
	}
	return b.String()
}

// report prints what a step's work found.
func (l *lineRun) report(id steps.ID) {
	var b strings.Builder
	switch st := l.m.Status(id); st {
	case Errored:
		fmt.Fprintf(&b, "ERROR: %v", l.m.Err(id))
	case Waiting:
		if k := l.m.Answers().Key; k != nil && k.Generated {
			b.WriteString("A new key was generated here. In Okta click Add key, paste this public key\n(it is not secret), and save:\n\n" + string(k.PublicJWK))
		}
	default:
		for _, f := range l.m.Findings(id) {
			b.WriteString(findingText(f) + "\n")
		}
		a := l.m.Answers()
		if jwk := steps.PublicKeyToAdd(a, l.m.Findings(id), l.m.Status(id) == Passed); steps.KeyStep(id) && jwk != nil && !a.Key.Generated {
			b.WriteString("\nOkta does not have this key. In Okta click Add key, paste this public key\n(it is not secret), save, then check again:\n\n" + string(jwk) + "\n")
		}
	}
	if out := strings.TrimRight(b.String(), "\n"); out != "" {
		l.say(out)
	}
}

// findingText is a finding in words: the status spelled out, not a symbol.
func findingText(f checks.Finding) string {
	word := map[checks.Status]string{checks.Pass: "PASS", checks.Warn: "WARNING", checks.Fail: "FAIL", checks.Skip: "SKIPPED"}[f.Status]
	s := word + ": " + f.Title
	if f.Detail != "" && f.Status != checks.Skip {
		s += "\n  " + f.Detail
	}
	if f.Fix != "" && (f.Status == checks.Fail || f.Status == checks.Warn) {
		s += "\n  Fix: " + f.Fix
	}
	return s
}

// step handles the current step after its work (if any) is done and
// returns the next request.
func (l *lineRun) step() (*Request, error) {
	s := l.m.Current()
	a := l.m.Answers()
	l.explain()
	st := l.m.Status(s.ID)
	if !l.editing {
		switch {
		case st == Passed && s.Answered(a):
			return l.m.Continue()
		case st == Warned && s.Answered(a):
			return l.afterCheck("Continue despite the warning? Press Enter to continue, or type \"again\" after fixing it, or \"edit\": ", true)
		case st == Failed || st == Errored:
			return l.afterCheck("Fix it in Okta, then press Enter to check again (or type \"edit\" to change your answer): ", false)
		case st == Waiting:
			return l.afterCheck("When the key is added in Okta, press Enter to check it: ", false)
		}
	}
	// A step that is only something to do in the console (create the
	// token) waits for the person to do it.
	if st == Pending && s.Role == steps.Question && len(s.Checks) == 0 && s.Prepare == nil &&
		len(personInputs(s, a)) == 0 && !l.editing {
		ans, err := l.ask("Press Enter when this is done in Okta: ")
		if err != nil {
			return nil, err
		}
		switch strings.ToLower(ans) {
		case cmdBack:
			if l.m.Back() {
				l.editing = true
			}
			return nil, nil
		case cmdHelp:
			l.printHelp(s)
			return nil, nil
		case cmdFix:
			if _, err := l.console(); err != nil {
				return nil, err
			}
			return nil, nil
		}
	}
	// Pending (or checked on entry but still needing an answer): ask.
	for {
		in, ok := l.nextInput()
		if !ok {
			break
		}
		stop, err := l.askInput(in)
		if err != nil || stop {
			return nil, err
		}
	}
	l.editing = false
	req, err := l.m.Submit(nil)
	if err != nil {
		l.say("Not accepted: " + err.Error())
		var ie InputError
		if errors.As(err, &ie) {
			delete(l.askedKeys, l.m.Current().ID+"/"+steps.ID(ie.Key))
		} else {
			l.resetAsked()
		}
		return nil, nil
	}
	if l.m.Outcome() == Rotate {
		return nil, nil
	}
	return req, nil
}

// afterCheck asks what to do once a step's check has answered. With
// enterContinues, Enter moves on (a warning); otherwise Enter checks again.
func (l *lineRun) afterCheck(prompt string, enterContinues bool) (*Request, error) {
	ans, err := l.ask(prompt)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(ans) {
	case "":
		if enterContinues {
			return l.m.Continue()
		}
		return l.m.CheckAgain(), nil
	case cmdAgain:
		return l.m.CheckAgain(), nil
	case "edit":
		l.editing = true
		l.resetAsked()
		return nil, nil
	case cmdBack:
		if l.m.Back() {
			l.resetAsked()
			l.editing = true
		}
		return nil, nil
	case cmdHelp:
		l.printHelp(l.m.Current())
		return nil, nil
	case cmdFix:
		filled, err := l.console()
		if err != nil {
			return nil, err
		}
		if filled {
			return l.m.Submit(nil)
		}
		return l.m.CheckAgain(), nil
	}
	l.say("Press Enter, or type \"again\", \"edit\", \"back\", \"help\" or \"quit\".")
	return nil, nil
}

// nextInput is the first person-asked input of the step not yet answered
// in this pass (re-evaluated after each answer).
func (l *lineRun) nextInput() (steps.Input, bool) {
	s := l.m.Current()
	for _, in := range personInputs(s, l.m.Answers()) {
		if !l.asked(in.Key) {
			return in, true
		}
	}
	return steps.Input{}, false
}

// asked tracks inputs answered on the current step in this visit.
func (l *lineRun) asked(key string) bool {
	return l.m.Answers() != nil && l.askedKeys[l.m.Current().ID+"/"+steps.ID(key)]
}

// askInput asks one input until it is accepted. stop reports that the
// caller should not ask the step's other inputs now (the user went back, or
// the demo console filled them).
func (l *lineRun) askInput(in steps.Input) (stop bool, err error) {
	a := l.m.Answers()
	for {
		var v string
		switch in.Kind {
		case steps.Choice, steps.Confirm:
			v, err = l.askChoice(in)
		case steps.Secret:
			v, err = l.askHidden(in.LabelOf(a) + " (typing is hidden): ")
		case steps.SecretText:
			v, err = l.askKeyText(in)
		default:
			def := in.Proposed(a)
			prompt := in.LabelOf(a)
			if def != "" {
				prompt += " [" + def + "]"
			}
			v, err = l.ask(prompt + ": ")
			if err == nil && v == "" {
				v = def
			}
		}
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(v)) {
		case cmdBack:
			if l.m.Back() {
				l.resetAsked()
				l.editing = true // re-answer the previous step
				return true, nil
			}
			l.say("This is the first step.")
			continue
		case cmdHelp:
			l.printHelp(l.m.Current())
			continue
		case cmdFix:
			if ok, err := l.console(); err != nil || ok {
				return ok, err
			}
			continue
		}
		if in.Kind.IsSecret() && v == "" && in.Value(a) != "" {
			l.markAsked(in.Key)
			return false, nil // keep the secret already held
		}
		keep := a.KeepOtherCredential()
		if err := l.m.Set(in.Key, v); err != nil {
			l.say("Not accepted: " + err.Error())
			continue
		}
		l.markAsked(in.Key)
		if in.Kind == steps.Confirm && l.m.Current().Role == steps.ReviewRole && !a.Confirmed {
			// "No": nothing is written; back to the previous step, as
			// the TUI does.
			l.say("Nothing was written. Change what you need, then continue to the review again.")
			if l.m.Back() {
				l.resetAsked()
				l.editing = true
			}
			return true, nil
		}
		if l.m.Current().Role == steps.ReviewRole && a.KeepOtherCredential() != keep {
			// The answer changes the file (keep the other method's secret):
			// show what will be written now.
			if p := l.previewText(); p != "" {
				l.say(p)
			}
		}
		return false, nil
	}
}

// read asks the prompter for one line, visible or hidden, through its
// context-aware methods when it has them. Once the run's context has ended
// (an interruption), the read's answer, if any, is dropped: the context's
// error is what the caller gets.
func (l *lineRun) read(prompt string, hidden bool) (string, error) {
	if err := l.ctx.Err(); err != nil {
		return "", err
	}
	prompt = termtext.Text(prompt)
	var v string
	var err error
	cp, ok := l.lp.(ContextLinePrompter)
	switch {
	case ok && hidden:
		v, err = cp.AskSecretContext(l.ctx, prompt)
	case ok:
		v, err = cp.AskContext(l.ctx, prompt)
	case hidden:
		v, err = l.lp.AskSecret(prompt)
	default:
		v, err = l.lp.Ask(prompt)
	}
	if cerr := l.ctx.Err(); cerr != nil {
		return "", cerr
	}
	return v, err
}

// ask reads a line, handling "quit" here.
func (l *lineRun) ask(prompt string) (string, error) {
	v, err := l.read(prompt, false)
	if err != nil {
		return "", err
	}
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, cmdQuit) {
		return "", ErrAborted
	}
	return v, nil
}

// askHidden reads a line without echo, handling "quit" here as ask does:
// the line-mode commands work at hidden prompts too (no token or key line
// is ever "quit"). A command comes back trimmed, so that the caller's
// "back", "help" and "console" match however it was typed; anything else
// comes back exactly as typed.
func (l *lineRun) askHidden(prompt string) (string, error) {
	v, err := l.read(prompt, true)
	if err != nil {
		return "", err
	}
	switch t := strings.ToLower(strings.TrimSpace(v)); t {
	case cmdQuit:
		return "", ErrAborted
	case cmdBack, cmdHelp, cmdFix:
		return t, nil
	}
	return v, nil
}

func (l *lineRun) askChoice(in steps.Input) (string, error) {
	a := l.m.Answers()
	opts := in.OptionsFor(a)
	if in.Kind == steps.Confirm {
		opts = []steps.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	}
	def := in.Proposed(a)
	var b strings.Builder
	b.WriteString(in.LabelOf(a))
	defN := 0
	for i, o := range opts {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, o.Label)
		if o.Note != "" {
			b.WriteString(" — " + o.Note)
		}
		if strings.EqualFold(o.Value, def) {
			defN = i + 1
		}
	}
	l.say(b.String())
	prompt := fmt.Sprintf("Choose 1-%d", len(opts))
	if defN > 0 {
		prompt += fmt.Sprintf(" [%d]", defN)
	}
	v, err := l.ask(prompt + ": ")
	if err != nil {
		return "", err
	}
	if v == "" && defN > 0 {
		return opts[defN-1].Value, nil
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= len(opts) {
		return opts[n-1].Value, nil
	}
	return v, nil // a command, or a value typed out (validated by Set)
}

// askKeyText reads a pasted private key without echo, line by line, until
// it is complete (or an empty line ends it), then hands the whole text to
// the setter. Echo stays off from the first line to the last when the
// prompter can do that. A command ("back", "help", "console") as the first
// line comes back as the answer; "quit" on any line stops.
func (l *lineRun) askKeyText(in steps.Input) (string, error) {
	l.say(in.LabelOf(l.m.Answers()) + ": paste the whole key (typing is hidden), then press Enter on an empty line.\nOr type \"back\" to read it from a file or generate one instead.")
	done := func(lines []string) bool {
		last := strings.TrimSpace(lines[len(lines)-1])
		switch {
		case last == "", strings.EqualFold(last, cmdQuit):
			return true
		case len(lines) == 1 && keyTextCommand(last) != "":
			return true
		}
		return in.Check(strings.Join(lines, "\n")) == nil
	}
	lines, err := l.readHiddenLines(done)
	if err != nil {
		return "", err
	}
	for _, line := range lines {
		if strings.EqualFold(strings.TrimSpace(line), cmdQuit) {
			return "", ErrAborted
		}
	}
	if c := keyTextCommand(strings.TrimSpace(lines[0])); c != "" {
		return c, nil
	}
	if strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1] // the empty line that ended the key
	}
	l.say(fmt.Sprintf("Received %d lines (not shown).", len(lines)))
	return strings.Join(lines, "\n"), nil
}

// keyTextCommand is the line-mode command t names ("back", "help",
// "console", in any case), or "".
func keyTextCommand(t string) string {
	switch c := strings.ToLower(t); c {
	case cmdBack, cmdHelp, cmdFix:
		return c
	}
	return ""
}

// readHiddenLines reads hidden lines until done reports the answer whole:
// under one echo-off section when the prompter can (SecretLinesPrompter),
// one hidden read per line otherwise. As for read, once the run's context
// has ended its error is what the caller gets.
func (l *lineRun) readHiddenLines(done func(lines []string) bool) ([]string, error) {
	if err := l.ctx.Err(); err != nil {
		return nil, err
	}
	if sp, ok := l.lp.(SecretLinesPrompter); ok {
		lines, err := sp.AskSecretLines(l.ctx, "", done)
		if cerr := l.ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if err == nil && len(lines) == 0 {
			err = errors.New("reading the key: the prompter returned no line")
		}
		return lines, err
	}
	var lines []string
	for {
		line, err := l.read("", true)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
		if done(lines) {
			return lines, nil
		}
	}
}

// console runs the demo console for the current step. ok reports that the
// step's inputs were filled (the caller stops asking).
func (l *lineRun) console() (bool, error) {
	c := l.cfg.Console
	s := l.m.Current()
	if c == nil {
		l.say("The console command works only in the demo.")
		return false, nil
	}
	label, ok := c.Offer(s.ID, l.m.Answers())
	if !ok {
		l.say("The demo console has nothing to do on this step.")
		return false, nil
	}
	l.say("Demo console: " + label + "…")
	res, err := c.Do(l.ctx, s.ID, *l.m.Answers())
	if err != nil {
		l.say("Console: " + err.Error())
		return false, nil
	}
	l.say(res.Message)
	if res.ShowOnce != "" {
		l.say("Okta shows this token once (demo org only): " + res.ShowOnce)
	}
	for _, kv := range orderedFill(s, res.Fill) {
		if err := l.m.Set(kv[0], kv[1]); err != nil {
			l.say("Console: " + err.Error())
			return false, nil
		}
		l.markAsked(kv[0])
	}
	return len(res.Fill) > 0, nil
}

func (l *lineRun) markAsked(key string) {
	if l.askedKeys == nil {
		l.askedKeys = map[steps.ID]bool{}
	}
	l.askedKeys[l.m.Current().ID+"/"+steps.ID(key)] = true
}

func (l *lineRun) resetAsked() { l.askedKeys = nil }

// final prints the Done screen.
func (l *lineRun) final() {
	a := l.m.Answers()
	var b strings.Builder
	if a.Written != nil {
		fmt.Fprintf(&b, "\nWrote %s", a.Written.Path)
		if a.Written.Backup != "" {
			fmt.Fprintf(&b, " (previous file kept as %s)", a.Written.Backup)
		}
		b.WriteString(".\n")
	}
	if a.Final != nil {
		if a.Final.OK() {
			b.WriteString("The file was read back from disk and every check passed.\n")
		} else {
			b.WriteString("The file was read back from disk, but a check failed (see above).\n")
		}
	}
	b.WriteString("Next: start Tako as usual; run \"tako-setup check\" to check the file again later.")
	l.say(b.String())
}

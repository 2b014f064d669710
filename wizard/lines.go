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
	// cmdAddress sends the step's console address to the terminal's
	// clipboard (OSC 52), the twin of the TUI's ctrl+l.
	cmdAddress = "address"
)

// ClipboardPrompter is a prompter that can send text to the terminal's
// clipboard (OSC 52). Whether the terminal took it cannot be known.
type ClipboardPrompter interface {
	SetClipboard(text string) error
}

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
	// kept is the generated key last kept on disk (nil: none).
	kept *KeptKey
	// consoleDone: the demo console filled the step's inputs.
	consoleDone bool
}

// say prints text made safe for the terminal (termtext.Text): what
// accessible mode says quotes the .env, the progress file, Okta and file
// names.
func (l *lineRun) say(text string) { l.lp.Say(termtext.Text(text)) }

func (l *lineRun) run() (Outcome, *steps.Answers, error) {
	l.say(lineIntro())
	if l.cfg.Demo {
		l.say("This is the demo: the Okta org is simulated on this machine. Type\n" +
			"\"console\" to have the simulated admin console do the current step.")
	}
	var req *Request
	if p := l.cfg.Resume; p != nil && p.Worth() {
		l.say(fmt.Sprintf("Saved progress found for %s (%d steps had passed).", p.OrgURL, len(p.Passed)))
		if k := l.cfg.Kept; k != nil {
			l.say(fmt.Sprintf("The key generated here before (kid %s) was kept: resuming uses it; starting over discards it (then delete its public key in the console).", k.KID))
		}
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
			l.useKept()
			req = l.m.Resume(*p)
		} else {
			l.discardKept()
			req = l.m.Start()
		}
	} else if k := l.cfg.Kept; k != nil {
		l.say(fmt.Sprintf("The key generated here before (kid %s) was kept. Its public key may be on app %s.", k.KID, k.ClientID))
		const prompt = "Resume with it? (yes/no; no discards it: then delete its public key in the console) [yes]: "
		ans, err := l.ask(prompt)
		if err != nil {
			return Running, nil, err
		}
		resume, perr := steps.ParseYesNo(ans, steps.DefaultYes)
		for perr != nil {
			l.say("Not accepted: " + perr.Error() + ".")
			if ans, err = l.ask(prompt); err != nil {
				return Running, nil, err
			}
			resume, perr = steps.ParseYesNo(ans, steps.DefaultYes)
		}
		if resume {
			l.useKept()
			req = l.m.Resume(Progress{Version: progressVersion, EnvFile: k.EnvFile, OrgURL: k.OrgURL, Method: checks.OAuth2, ClientID: k.ClientID})
		} else {
			l.discardKept()
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

// useKept puts the kept key (if any) back into the answers.
func (l *lineRun) useKept() {
	k := l.cfg.Kept
	if k == nil {
		return
	}
	if err := UseKept(l.m.Answers(), l.cfg.Env, *k); err != nil {
		l.say(err.Error())
		return
	}
	l.kept = k
	l.say("Using the key generated before (kid " + k.KID + ").")
}

// discardKept removes the kept key (the user chose to start over).
func (l *lineRun) discardKept() {
	if l.cfg.Kept == nil || l.cfg.Keys == nil {
		return
	}
	if err := l.cfg.Keys.Discard(); err != nil {
		l.say(err.Error())
	}
}

// helpAndWords is the "help" command: the step's explanation again, then
// the words that work at any prompt (as its description promises), with
// the demo's "console".
func (l *lineRun) helpAndWords(s steps.Step) {
	l.printHelp(s)
	var b strings.Builder
	b.WriteString("At any prompt you may type:")
	for _, w := range newKeyMap().lineWords() {
		fmt.Fprintf(&b, "\n  %s: %s", w.word, w.desc)
	}
	if l.cfg.Demo {
		b.WriteString("\n  console: the simulated admin console does this step (demo only)")
	}
	l.say(b.String())
}

// lineIntro is accessible mode's first words: the commands, from the same
// keymap as the TUI's footer and help page.
func lineIntro() string {
	var b strings.Builder
	b.WriteString("tako-setup, line by line. Answer each question and press Enter.\nAt any prompt you may type:")
	for _, w := range newKeyMap().lineWords() {
		fmt.Fprintf(&b, "\n  %s: %s", w.word, w.desc)
	}
	return b.String()
}

// work runs requests to completion, saying what happens.
func (l *lineRun) work(req *Request) error {
	for req != nil {
		l.explain()
		if k, a := l.kept, l.m.Answers(); req.Step.ID == steps.PrivateKey && k != nil && a.Key != nil && a.Key.Generated && a.Key.KID == k.KID {
			// Said each time, as the TUI's key step shows it: no new key
			// is generated, the one kept (its public half maybe in Okta)
			// is checked.
			l.say("Using the key generated before (kid " + k.KID + ").")
		}
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
	if store := l.cfg.Keys; store != nil {
		kk, act := keptKeyOf(l.m, l.cfg.EnvFile, l.cfg.Now(), l.kept)
		switch act {
		case keySave:
			if err := store.Save(kk); err != nil {
				l.say(err.Error())
			}
			l.kept = &kk
		case keyDiscard:
			_ = store.Discard()
			l.kept = nil
		}
	}
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
	help, _ := assets.ForStep(string(s.ID))
	title := help.Title
	if title == "" {
		title = s.Title
	}
	var b strings.Builder
	// The same position as the TUI's header ("step 2 of 6–12" before the
	// method is chosen), so the count never jumps.
	pos := l.m.PositionText()
	fmt.Fprintf(&b, "\n%s%s: %s\n", strings.ToUpper(pos[:1]), pos[1:], title)
	if c := help.ConsoleFor(a.Token()); c != "" {
		fmt.Fprintf(&b, "In Okta: %s\n", c)
	}
	if link := help.DeepLink(a.OrgURL, a.ClientID, a.Token()); link != "" {
		// On a line of its own, so the terminal wraps it and it copies whole.
		fmt.Fprintf(&b, "Address (type \"address\" to send it to your terminal's clipboard):\n%s\n", link)
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
	if s.ID == steps.Scopes {
		wanted := a.Scopes
		if len(wanted) == 0 {
			wanted = checks.DefaultScopes
		}
		fmt.Fprintf(&b, "\n\nThe %d scopes to grant (Okta API Scopes tab):\n%s", len(wanted), strings.Join(wanted, " "))
	}
	l.say(b.String())
}

// previewText is the review's masked diff, made now from the answers:
// the Env writes exactly the edit it last previewed.
func (l *lineRun) previewText() string {
	if l.cfg.Env.Preview == nil {
		return ""
	}
	text := fmt.Sprintf("Changes to this file:\n%s\n", l.cfg.EnvFile)
	diff, err := l.cfg.Env.Preview(l.m.Answers())
	if err != nil {
		return text + "ERROR: " + err.Error()
	}
	return text + strings.TrimRight(diff, "\n")
}

func existingText(e *steps.Existing) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Found this .env:\n%s\n", e.Path)
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
	if f.Status == checks.Skip {
		s = word + ": " + skippedTitle(f)
	}
	if f.Detail != "" {
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
		case st == Errored:
			return l.afterCheck("Press Enter to try again (or type \"edit\" to change your answer): ", false)
		case st == Failed && typedInputs(s, a):
			return l.afterCheck("Correct your answer (type \"edit\") or do what the fix says, then press Enter to check again: ", false)
		case st == Failed && len(s.ActiveInputs(a)) == 0:
			// Nothing was typed here (DPoP, say): no answer to edit.
			return l.afterCheck("Fix it in Okta, then press Enter to check again: ", false)
		case st == Failed:
			return l.afterCheck("Fix it in Okta, then press Enter to check again (or type \"edit\" to change your answer): ", false)
		case st == Waiting && a.Key != nil && a.Key.Generated && steps.KeyStep(s.ID):
			return l.afterCheck("When the key is added in Okta, press Enter to check it: ", false)
		case st == Waiting:
			if w := waitingFor(s, a); w != "" {
				l.say(w)
			}
			return l.afterCheck("When it is done in Okta, press Enter to check it: ", false)
		}
	}
	// A step that asks nothing waits for the person: one that is only
	// something to do in the console (create the token) until it is done;
	// one that passes on its own when gone back to, so that "back" can go
	// further back instead of passing it again at once.
	if s.Role == steps.Question && len(personInputs(s, a)) == 0 && (st == Pending || l.editing) {
		consoleOnly := len(s.Checks) == 0 && s.Prepare == nil
		prompt := "Press Enter when this is done in Okta: "
		if !consoleOnly {
			prompt = "This step asks nothing. Press Enter to check it again, or type \"back\" to go further back: "
		}
		if consoleOnly || l.editing {
			ans, err := l.ask(prompt)
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
				l.helpAndWords(s)
				return nil, nil
			case cmdAddress:
				l.sendAddress()
				return nil, nil
			case cmdFix:
				if _, err := l.console(); err != nil {
					return nil, err
				}
				return nil, nil
			}
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
	consoleDone := l.consoleDone
	l.consoleDone = false
	req, err := l.m.Submit(nil)
	if err == nil && req == nil && consoleDone && l.m.Status(s.ID) == Waiting {
		// The demo console has just done what the step waits for.
		return l.m.CheckAgain(), nil
	}
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
	ans, done, err := l.askWatching(prompt)
	if err != nil {
		return nil, err
	}
	if done {
		return l.m.CheckAgain(), nil
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
		l.helpAndWords(l.m.Current())
		return nil, nil
	case cmdAddress:
		l.sendAddress()
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
	l.say("Press Enter, or type \"again\", \"edit\", \"back\", \"help\", \"address\" or \"quit\".")
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
			l.helpAndWords(l.m.Current())
			continue
		case cmdAddress:
			l.sendAddress()
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
	if in.HelpFor != nil {
		b.WriteString("\n" + in.HelpOf(a)) // what the answer is about (a change list)
	}
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
	l.consoleDone = len(res.Fill) > 0
	return len(res.Fill) > 0, nil
}

func (l *lineRun) markAsked(key string) {
	if l.askedKeys == nil {
		l.askedKeys = map[steps.ID]bool{}
	}
	l.askedKeys[l.m.Current().ID+"/"+steps.ID(key)] = true
}

func (l *lineRun) resetAsked() { l.askedKeys = nil }

// final prints the Done screen. Paths are on lines of their own.
func (l *lineRun) final() {
	a := l.m.Answers()
	var b strings.Builder
	if w := a.Written; w != nil {
		if w.Unchanged {
			fmt.Fprintf(&b, "\nNothing to change, so nothing was written (and no backup made):\n%s\n", w.Path)
		} else {
			fmt.Fprintf(&b, "\nWrote:\n%s\n", w.Path)
		}
		if w.Backup != "" {
			fmt.Fprintf(&b, "The previous file is kept as:\n%s\n", w.Backup)
		}
	}
	if r := a.Final; r != nil {
		b.WriteString("The file was read back from disk and checked: " + summaryOf(*r) + "\n")
	}
	b.WriteString("Next: start Tako as usual; to check the file again later, run:\n" + steps.CheckCommand(l.cfg.EnvFile))
	l.say(b.String())
}

// sendAddress sends the step's console address to the terminal's
// clipboard, when the prompter can.
func (l *lineRun) sendAddress() {
	a := l.m.Answers()
	help, _ := assets.ForStep(string(l.m.Current().ID))
	link := help.DeepLink(a.OrgURL, a.ClientID, a.Token())
	cp, ok := l.lp.(ClipboardPrompter)
	switch {
	case link == "":
		l.say("This step has no address.")
	case !ok:
		l.say("This terminal cannot take it; the address is:\n" + link)
	default:
		if err := cp.SetClipboard(link); err != nil {
			l.say("Could not send it: " + err.Error() + "\nThe address is:\n" + link)
			return
		}
		l.say("Sent the address to your terminal's clipboard (OSC 52; if nothing arrives, your terminal ignores it). The address is:\n" + link)
	}
}

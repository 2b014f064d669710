package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/render"
	"github.com/fctr-id/tako-setup/checks/termtext"
	"github.com/fctr-id/tako-setup/steps"
	ni "github.com/fctr-id/tako-setup/wizard/noninteractive"
)

// niOutput prints a non-interactive run. Standard output carries the
// checklist, or with --json exactly one JSON object; with --generate-key
// (and no --json) it carries the public JWK alone, so that
// `tako-setup … --generate-key > public-jwk.json` keeps just the key, and
// the checklist goes to standard error.
type niOutput struct {
	stdout, stderr io.Writer
	// report is where the checklist goes.
	report  io.Writer
	text    render.TextOptions
	json    bool
	envFile string
	// in and ask: the confirmation prompt, when a person is there.
	in  io.Reader
	ask bool
}

func newNIOutput(cmd *cobra.Command, set niSettings, plan *ni.Plan, deps nonInteractiveDeps) *niOutput {
	o := &niOutput{
		stdout: cmd.OutOrStdout(), stderr: cmd.ErrOrStderr(),
		json: set.json, envFile: set.envFile, in: cmd.InOrStdin(),
	}
	o.report = o.stdout
	if plan.Generated() && !o.json {
		o.report = o.stderr
	}
	if !o.json && deps.isTerminal(o.report) {
		st := render.ColorStyles()
		o.text.Styles = &st
		if f, ok := o.report.(*os.File); ok {
			if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
				o.text.Width = w
			}
		}
		o.report = colorprofile.NewWriter(o.report, deps.environ())
	}
	o.ask = deps.stdinIsTerminal() && deps.isTerminal(o.stderr) && !o.json
	return o
}

// finish prints the findings and writes the .env when no check failed.
func (o *niOutput) finish(ctx context.Context, plan *ni.Plan) error {
	if o.json {
		return o.finishJSON(plan)
	}
	if err := render.Text(o.report, plan.Report(), o.text); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if !plan.OK() {
		fmt.Fprintf(o.report, "\nNothing was written to %s: fix the failures above, then run this again.\n", termtext.Line(o.envFile))
		return errChecksFailed
	}
	// Preview once: what is written is exactly the edit this preview
	// describes (wizard.FileEnv keeps it), the one the person confirms.
	var changes string
	if plan.NeedsConfirmation() {
		if !o.ask {
			return errors.New("replacing the existing file needs --yes")
		}
		ok, shown, err := confirmReplace(o.in, o.stderr, plan, o.envFile)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("nothing was written: replacing %s was not confirmed", o.envFile)
		}
		plan.Confirm()
		changes = shown
	} else {
		changes, _ = plan.Preview()
	}
	if ctx.Err() != nil {
		fmt.Fprintln(o.stderr, "interrupted: nothing was written")
		return errInterrupted
	}
	res, err := plan.Write()
	if errors.Is(err, steps.ErrStaleReview) {
		return staleEnvError{path: o.envFile, err: err}
	}
	if err != nil {
		return err // the writer's errors name the file
	}
	o.printWritten(res, changes)
	if jwk := plan.PublicJWK(); jwk != nil {
		return o.printPublicJWK(jwk, res.Path)
	}
	fmt.Fprintln(o.report, "Next: start Tako as usual; run `tako-setup check --env-file "+termtext.Line(res.Path)+"` whenever you want to re-check the file.")
	return nil
}

// staleEnvError is a write refused because the .env changed (or was
// removed) after its changes were previewed: nothing was written, and
// running again previews the file as it is now.
type staleEnvError struct {
	path string
	err  error // wraps steps.ErrStaleReview
}

func (e staleEnvError) Error() string {
	return fmt.Sprintf("nothing was written: %s was changed or removed by something else after its changes were shown; run tako-setup again to see the changes against the file as it is now", e.path)
}

func (e staleEnvError) Unwrap() error { return e.err }

// printWritten says what was written, with the masked changes.
func (o *niOutput) printWritten(res steps.WriteResult, changes string) {
	fmt.Fprintf(o.report, "\nWrote %s", termtext.Line(res.Path))
	if res.Backup != "" {
		fmt.Fprintf(o.report, " (the previous file is kept as %s)", termtext.Line(res.Backup))
	}
	fmt.Fprintln(o.report, ":")
	for _, l := range strings.Split(strings.TrimRight(changes, "\n"), "\n") {
		if l != "" {
			fmt.Fprintln(o.report, "  "+termtext.Line(l))
		}
	}
}

// printPublicJWK prints a generated key's public JWK alone on stdout and
// what to do with it on stderr.
func (o *niOutput) printPublicJWK(jwk []byte, path string) error {
	var b bytes.Buffer
	if err := json.Indent(&b, jwk, "", "  "); err != nil {
		return fmt.Errorf("formatting the public key: %w", err)
	}
	b.WriteByte('\n')
	fmt.Fprintln(o.stderr, "\nThe private key was generated here and written to the .env; Okta does not know it yet.")
	fmt.Fprintln(o.stderr, "Add its public key (printed on standard output) to the app: General > Client Credentials > Edit >")
	fmt.Fprintln(o.stderr, "Public key / Private key > Add key, paste the JSON, save; then run: tako-setup check --env-file "+termtext.Line(path))
	if _, err := o.stdout.Write(b.Bytes()); err != nil {
		return fmt.Errorf("printing the public key: %w", err)
	}
	return nil
}

// finishJSON prints the same object as `check --json`, plus "written",
// "env_file", "backup" (null when none) and, for a generated key that was
// written, "public_jwk".
func (o *niOutput) finishJSON(plan *ni.Plan) error {
	var res steps.WriteResult
	var werr error
	written := false
	switch {
	case !plan.OK():
		werr = errChecksFailed
	case plan.NeedsConfirmation():
		werr = errors.New("replacing the existing file needs --yes")
	default:
		res, werr = plan.Write() // the writer's errors name the file
		written = res.Path != "" && werr == nil
	}
	extra := []jsonField{{"written", written}, {"env_file", o.envFile}, {"backup", nil}}
	if res.Backup != "" {
		extra[2].value = res.Backup
	}
	if jwk := plan.PublicJWK(); jwk != nil && written {
		extra = append(extra, jsonField{"public_jwk", json.RawMessage(jwk)})
	}
	rep := plan.Report()
	if err := writeReportJSON(o.stdout, &rep, extra); err != nil {
		return err
	}
	return werr
}

// writeReportJSON prints `check --json`'s object for rep (an empty object
// when rep is nil: a run that stopped before its check) with extra keys
// after its own: the one shape of every front end's JSON report.
func writeReportJSON(w io.Writer, rep *checks.Report, extra []jsonField) error {
	base := []byte(`{}`)
	if rep != nil {
		var b bytes.Buffer
		if err := render.JSON(&b, *rep); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
		base = b.Bytes()
	}
	doc, err := extendJSONObject(base, extra)
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if _, err := w.Write(doc); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// jsonField is one key added to the report object.
type jsonField struct {
	key   string
	value any
}

// extendJSONObject appends fields to the JSON object obj, keeping its keys
// in their order, so the non-interactive report is `check --json`'s object
// with more keys rather than a second copy of its contract.
func extendJSONObject(obj []byte, fields []jsonField) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("the report is not a JSON object")
	}
	var compact bytes.Buffer
	compact.WriteByte('{')
	n := 0
	add := func(key string, raw []byte) {
		if n > 0 {
			compact.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		compact.Write(k)
		compact.WriteByte(':')
		compact.Write(raw)
		n++
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		add(key, raw)
	}
	for _, f := range fields {
		var raw bytes.Buffer
		enc := json.NewEncoder(&raw)
		enc.SetEscapeHTML(false) // as render.JSON: paths stay readable
		if err := enc.Encode(f.value); err != nil {
			return nil, err
		}
		add(f.key, bytes.TrimSpace(raw.Bytes()))
	}
	compact.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

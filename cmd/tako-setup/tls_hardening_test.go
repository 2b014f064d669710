package main

// TLS hardening (the hardening suite, TESTING.md): verification cannot be turned off, http:// org
// URLs are refused with the reason, and an extra CA is trusted only through
// --ca-file or SSL_CERT_FILE.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/canary"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/steps"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// tlsSwitch matches names that would switch TLS checking off.
var tlsSwitch = regexp.MustCompile(`(?i)insecure|skip.?verif|no.?verif|verify|tls|ssl.?no|reject.?unauth|trust.?all|allow.?self`)

func TestNoFlagTurnsTLSVerificationOff(t *testing.T) {
	var visit func(c *cobra.Command)
	seen := 0
	visit = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				seen++
				if tlsSwitch.MatchString(f.Name) {
					t.Errorf("tako-setup %s has a flag --%s", c.Name(), f.Name)
				}
				if regexp.MustCompile(`(?i)insecure|skip.{0,20}verif|(do not|don't|no) verif|turn.{0,20}off`).MatchString(f.Usage) {
					t.Errorf("tako-setup %s --%s reads like a TLS switch: %q", c.Name(), f.Name, f.Usage)
				}
			})
		}
		for _, sub := range c.Commands() {
			visit(sub)
		}
	}
	visit(newRootCmd())
	if seen < 20 {
		t.Fatalf("only %d flags seen: the command tree was not walked", seen)
	}
}

// TestNoCodeTurnsTLSVerificationOff reads every non-test Go file of the
// module: none sets InsecureSkipVerify or a custom VerifyPeerCertificate,
// and no environment variable the program reads is named like a TLS switch.
func TestNoCodeTurnsTLSVerificationOff(t *testing.T) {
	root := canary.RepoRoot(t)
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(root, path)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && (id.Name == "InsecureSkipVerify" || id.Name == "VerifyPeerCertificate" || id.Name == "VerifyConnection") {
					t.Errorf("%s: sets %s", fset.Position(n.Pos()), id.Name)
				}
			case *ast.SelectorExpr:
				if n.Sel.Name == "InsecureSkipVerify" {
					t.Errorf("%s: touches InsecureSkipVerify", fset.Position(n.Pos()))
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "Getenv" && sel.Sel.Name != "LookupEnv") || len(n.Args) != 1 {
					return true
				}
				if lit, ok := n.Args[0].(*ast.BasicLit); ok {
					name, _ := strconv.Unquote(lit.Value)
					if tlsSwitch.MatchString(name) && name != "SSL_CERT_FILE" {
						t.Errorf("%s (%s): reads the variable %s", fset.Position(n.Pos()), rel, name)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("only %d Go files read under %s", files, root)
	}
}

// tlsOrg is an emulated org on https://127.0.0.1:PORT (a certificate from
// its own CA, which nothing trusts by default) with a working API token,
// a .env for it, and the CA as a PEM file.
type tlsOrg struct {
	srv    *emulator.Server
	env    string
	caFile string
	home   string
}

func newTLSOrg(t *testing.T) tlsOrg {
	t.Helper()
	org := emutest.StartTokenOrg(t)
	dir := t.TempDir()
	o := tlsOrg{
		srv:    org.Server,
		env:    emutest.WriteEnv(t, dir, "OKTA_CLIENT_ORGURL="+org.Server.URL+"\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN="+org.Token.Value+"\n"),
		caFile: emutest.WriteFile(t, dir, "corp-ca.pem", string(org.Server.CAPEM())),
		home:   filepath.Join(dir, "home"),
	}
	if err := os.MkdirAll(o.home, 0o700); err != nil {
		t.Fatal(err)
	}
	return o
}

// check runs `tako-setup check` on the org's .env with extra arguments and
// environment.
func (o tlsOrg) check(t *testing.T, env []string, args ...string) hardOut {
	t.Helper()
	return hardRunMain(t, o.home, hardProc{args: append([]string{"check", "--env-file", o.env, "--timeout", "10s"}, args...), env: env})
}

func expectUntrusted(t *testing.T, what string, out hardOut) {
	t.Helper()
	if out.code != exitFailed || !strings.Contains(out.stdout, "not trusted") || !strings.Contains(out.stdout, "cannot be turned off") {
		t.Errorf("%s: exit %d, want %d with the untrusted-certificate finding\nstdout:\n%s\nstderr:\n%s", what, out.code, exitFailed, out.stdout, out.stderr)
	}
}

func expectTrusted(t *testing.T, what string, out hardOut) {
	t.Helper()
	if out.code != exitOK || strings.Contains(out.stdout, "not trusted") {
		t.Errorf("%s: exit %d, want %d (the CA trusted)\nstdout:\n%s\nstderr:\n%s", what, out.code, exitOK, out.stdout, out.stderr)
	}
}

// TestNoVariableTurnsTLSVerificationOff: the variables that switch TLS
// checking off in other tools (curl, git, Node, Python, Go's own GODEBUG
// knobs) and names a user might guess for tako-setup change nothing.
func TestNoVariableTurnsTLSVerificationOff(t *testing.T) {
	o := newTLSOrg(t)
	expectUntrusted(t, "plain check", o.check(t, nil))
	expectUntrusted(t, "with every known switch set", o.check(t, []string{
		"NODE_TLS_REJECT_UNAUTHORIZED=0", "PYTHONHTTPSVERIFY=0", "GIT_SSL_NO_VERIFY=1", "CURL_INSECURE=1",
		"REQUESTS_CA_BUNDLE=", "CURL_CA_BUNDLE=", "GODEBUG=x509ignoreCN=1,x509sha1=1,tlsrsakex=1,x509negativeserial=1",
		"TAKO_SETUP_INSECURE=1", "TAKO_SETUP_INSECURE_SKIP_VERIFY=true", "TAKO_SETUP_TLS_VERIFY=false", "TAKO_SETUP_NO_VERIFY=1",
		"TAKO_INSECURE=1", "INSECURE_SKIP_VERIFY=1", "SSL_VERIFY=false", "VERIFY_SSL=false",
	}))
}

// TestExtraCAOnlyThroughCAFileOrSSLCertFile: the same org is trusted with
// its CA given by --ca-file or SSL_CERT_FILE, and not when the CA sits in
// the variables other tools read.
func TestExtraCAOnlyThroughCAFileOrSSLCertFile(t *testing.T) {
	o := newTLSOrg(t)
	expectTrusted(t, "--ca-file", o.check(t, nil, "--ca-file", o.caFile))
	expectTrusted(t, "SSL_CERT_FILE", o.check(t, []string{"SSL_CERT_FILE=" + o.caFile}))
	expectUntrusted(t, "the CA in other tools' variables", o.check(t, []string{
		"CURL_CA_BUNDLE=" + o.caFile, "REQUESTS_CA_BUNDLE=" + o.caFile, "NODE_EXTRA_CA_CERTS=" + o.caFile,
		"GIT_SSL_CAINFO=" + o.caFile, "TAKO_SETUP_CA_FILE=" + o.caFile, // TAKO_SETUP_CA_FILE is the bare command's (wizard, --non-interactive), not check's
	}))
	// A CA file that is not one is a usage error that names the flag.
	junk := filepath.Join(filepath.Dir(o.env), "junk.pem")
	if err := os.WriteFile(junk, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := o.check(t, nil, "--ca-file", junk)
	if out.code != exitUsage || !strings.Contains(out.stderr, "--ca-file") {
		t.Errorf("a junk --ca-file: exit %d, want %d naming --ca-file\nstderr:\n%s", out.code, exitUsage, out.stderr)
	}
}

// TestHTTPOrgURLsAreRefusedWithTheReason, in every front end: the engine,
// the wizard's org-URL step, the .env validator, `check` and
// non-interactive setup. None of them sends a request.
func TestHTTPOrgURLsAreRefusedWithTheReason(t *testing.T) {
	const plain = "http://acme.okta.com"
	reason := "https only"

	if _, err := checks.NormalizeOrgURL(plain); err == nil || !strings.Contains(err.Error(), reason) {
		t.Errorf("NormalizeOrgURL(%s) = %v", plain, err)
	}
	rep := checks.Run(t.Context(), checks.Input{OrgURL: plain, Method: checks.APIToken}, checks.Options{})
	if f, _ := rep.Find(checks.IDOrg); f.Status != checks.Fail || !strings.Contains(f.Detail, reason) || f.Fix == "" {
		t.Errorf("engine: %+v", f)
	}
	step, ok := steps.Setup().Step(steps.OrgURL)
	if !ok || len(step.Inputs) == 0 {
		t.Fatal("no org URL step")
	}
	if err := step.Inputs[0].Set(steps.Env{}, &steps.Answers{}, plain); err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("wizard org URL step accepts %s: %v", plain, err)
	}
	if err := envfile.Validate(envfile.Settings{OrgURL: plain, Method: checks.APIToken, APIToken: secret.New("00x")}); err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("envfile.Validate accepts %s: %v", plain, err)
	}

	home := t.TempDir()
	env := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(env, []byte("OKTA_CLIENT_ORGURL="+plain+"\nTOKEN_METHOD=API_TOKEN\nOKTA_API_TOKEN=00abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := hardRunMain(t, home, hardProc{args: []string{"check", "--env-file", env}})
	if out.code == exitOK || !strings.Contains(out.stdout+out.stderr, reason) {
		t.Errorf("check: exit %d\nstdout:\n%s\nstderr:\n%s", out.code, out.stdout, out.stderr)
	}

	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("00abcdefghijklmnopqrstuvwxyz0123456789ABCD\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	newEnv := filepath.Join(t.TempDir(), ".env")
	out = hardRunMain(t, home, hardProc{args: []string{"--non-interactive", "--org-url", plain, "--method", "api-token", "--api-token-file", tokenFile, "--env-file", newEnv}})
	if out.code != exitUsage || !strings.Contains(out.stdout+out.stderr, reason) {
		t.Errorf("--non-interactive: exit %d, want %d with the reason\nstdout:\n%s\nstderr:\n%s", out.code, exitUsage, out.stdout, out.stderr)
	}
	if _, err := os.Stat(newEnv); err == nil {
		t.Error("--non-interactive wrote a .env for an http:// org")
	}
}

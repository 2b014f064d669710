package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/keys"
)

type keygenRun struct {
	stdout, stderr string
	err            error
}

func runKeygenCmd(t *testing.T, terminal bool, args ...string) keygenRun {
	t.Helper()
	cmd := newKeygenCmdWith(keygenDeps{isTerminal: func(io.Writer) bool { return terminal }})
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetArgs(args)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.Execute()
	return keygenRun{stdout: out.String(), stderr: errb.String(), err: err}
}

func TestKeygenWritesPrivateKeyAndPrintsPublicJWK(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "k.pem")
	r := runKeygenCmd(t, false, "--out", out)
	if r.err != nil {
		t.Fatalf("keygen: %v\n%s", r.err, r.stderr)
	}

	pem, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(pem), "-----BEGIN PRIVATE KEY-----\n") {
		t.Fatal("private key file is not PKCS#8 PEM")
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(out)
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
		}
	}
	key, err := keys.Normalize(string(pem))
	if err != nil || key.Bits != 2048 {
		t.Fatalf("written key: %v (%v)", key, err)
	}

	// stdout is exactly the public JWK: nothing secret, nothing else.
	var jwk map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &jwk); err != nil {
		t.Fatalf("stdout is not just JSON: %v\n%q", err, r.stdout)
	}
	if _, ok := jwk["d"]; ok || strings.Contains(r.stdout, "PRIVATE") {
		t.Fatal("stdout holds private key material")
	}
	if jwk["kty"] != "RSA" || jwk["use"] != "sig" || jwk["alg"] != "RS256" || jwk["e"] != "AQAB" {
		t.Fatalf("JWK = %v", jwk)
	}
	if jwk["n"] != base64.RawURLEncoding.EncodeToString(key.RSA.N.Bytes()) {
		t.Fatal("public JWK is not the written key's")
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf(`{"e":"%s","kty":"RSA","n":"%s"}`, jwk["e"], jwk["n"])))
	if jwk["kid"] != base64.RawURLEncoding.EncodeToString(sum[:]) {
		t.Fatal("kid is not the RFC 7638 thumbprint")
	}
	if strings.Contains(r.stdout, "\x1b]52") {
		t.Fatal("OSC 52 sent to a non-terminal")
	}

	// stderr says where the key went and what to do with the JSON.
	for _, want := range []string{out, "0600", jwk["kid"], "Add key"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, string(pem[30:60])) {
		t.Fatal("stderr shows private key material")
	}
}

func TestKeygenCopiesWithOSC52OnATerminal(t *testing.T) {
	out := filepath.Join(t.TempDir(), "k.pem")
	r := runKeygenCmd(t, true, "--out", out)
	if r.err != nil {
		t.Fatal(r.err)
	}
	jsonPart, osc, found := strings.Cut(r.stdout, "\x1b]52;c;")
	if !found || !strings.HasSuffix(osc, "\x07") {
		t.Fatalf("no OSC 52 sequence in %q", r.stdout)
	}
	copied, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(osc, "\x07"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(copied)) != strings.TrimSpace(jsonPart) {
		t.Fatalf("clipboard holds %q, want the JWK", copied)
	}
	if bytes.Contains(copied, []byte(`"d"`)) {
		t.Fatal("clipboard holds private material")
	}
	if !strings.Contains(r.stderr, "clipboard") {
		t.Error("stderr does not mention the clipboard")
	}
}

func TestKeygenRefusesToOverwrite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "k.pem")
	if err := os.WriteFile(out, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runKeygenCmd(t, false, "--out", out)
	if r.err == nil || exitCode(r.err) != exitUsage {
		t.Fatalf("err = %v (exit %d), want a usage error", r.err, exitCode(r.err))
	}
	if !strings.Contains(r.err.Error(), "--force") {
		t.Errorf("error does not mention --force: %v", r.err)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Fatal("existing file was changed")
	}
	if r.stdout != "" {
		t.Fatalf("stdout = %q", r.stdout)
	}

	r = runKeygenCmd(t, false, "--out", out, "--force")
	if r.err != nil {
		t.Fatal(r.err)
	}
	b, _ := os.ReadFile(out)
	if _, err := keys.Normalize(string(b)); err != nil {
		t.Fatalf("--force did not write a key: %v", err)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(out)
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v after --force", fi.Mode().Perm())
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*tmp"))
	if len(leftovers) > 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

func TestKeygenUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--bits", "1024", "--out", filepath.Join(dir, "a.pem")},
		{"--bits", "8192", "--out", filepath.Join(dir, "a.pem")},
		{"--out", ""},
		{"--out", dir},
		{"extra-arg"},
	} {
		r := runKeygenCmd(t, false, args...)
		if r.err == nil || exitCode(r.err) != exitUsage {
			t.Errorf("%v: err = %v (exit %d), want usage error", args, r.err, exitCode(r.err))
		}
		if _, err := os.Stat(filepath.Join(dir, "a.pem")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%v: wrote a key anyway", args)
		}
	}
}

func TestKeygenIsRegistered(t *testing.T) {
	root := newRootCmd()
	c, _, err := root.Find([]string{"keygen"})
	if err != nil || c.Name() != "keygen" {
		t.Fatalf("keygen not registered: %v", err)
	}
}

// TestKeygenForceRefusesDeviceNodesAndFIFOs: --force replaces a key file,
// never a FIFO or a device node (as root, `--out /dev/null --force` used to
// replace /dev/null). The nodes are made in a temp dir, never a system path.
func TestKeygenForceRefusesDeviceNodesAndFIFOs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or device nodes")
	}
	dir := t.TempDir()
	nodes := map[string]bool{} // name → made
	fifo := filepath.Join(dir, "fifo")
	if err := mkfifo(fifo); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	nodes[fifo] = true
	dev := filepath.Join(dir, "null-like")
	if err := mknodCharDevice(dev); err != nil {
		t.Logf("mknod not permitted here (%v): the device-node case is skipped", err)
	} else {
		nodes[dev] = true
	}
	for path := range nodes {
		before, _ := os.Lstat(path)
		r := runKeygenCmd(t, false, "--out", path, "--force")
		if r.err == nil || exitCode(r.err) != exitUsage {
			t.Errorf("%s: err = %v (exit %d), want a usage error", filepath.Base(path), r.err, exitCode(r.err))
			continue
		}
		if !strings.Contains(r.err.Error(), "not a regular file") {
			t.Errorf("%s: error does not say why: %v", filepath.Base(path), r.err)
		}
		after, err := os.Lstat(path)
		if err != nil || after.Mode() != before.Mode() {
			t.Errorf("%s: node changed: %v → %v (%v)", filepath.Base(path), before.Mode(), after.Mode(), err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*tmp")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

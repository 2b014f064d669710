//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator"
	"github.com/fctr-id/tako-setup/checks/keys"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/wizard/envfile"
)

// benchKey is the one RSA key the benchmarks register and write (RSA
// generation is slow).
var benchKey = sync.OnceValues(func() (*keys.Key, error) { return keys.Generate(2048) })

// BenchmarkCheckPeakRSS runs the built binary's full `check --json` against
// an emulated org set up the way Tako needs it (no added latency), one run
// per iteration, for each method. It reports the highest peak RSS of the
// runs (as GNU time reports it) as MB-peak-rss, and the median wall time of
// the whole process (GNU time's start-up included, about a millisecond) as
// ms-median.
func BenchmarkCheckPeakRSS(b *testing.B) {
	for _, method := range []checks.Method{checks.OAuth2, checks.APIToken} {
		b.Run(benchMethodName(method), func(b *testing.B) {
			bin := benchBinary(b)
			if err := benchProveCommand(bin, []string{"check", "--help"}, "--ca-file"); err != nil {
				b.Skipf("not measured: %v", err)
			}
			srv, settings := benchHealthyOrg(b, method)
			dir := b.TempDir()
			envPath, caPath := filepath.Join(dir, ".env"), filepath.Join(dir, "ca.pem")
			benchWriteEnv(b, envPath, settings)
			if err := os.WriteFile(caPath, srv.CAPEM(), 0o600); err != nil {
				b.Fatal(err)
			}
			args := []string{"check", "--env-file", envPath, "--ca-file", caPath, "--json"}

			times := make([]time.Duration, 0, b.N)
			var peakKB int64
			b.ResetTimer()
			for range b.N {
				var stdout, stderr bytes.Buffer
				cmd, rss := benchRSSCommand(b, bin, args...)
				cmd.Dir = dir
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				start := time.Now()
				err := cmd.Run()
				times = append(times, time.Since(start))
				if err := benchFullCheck(err, stdout.Bytes()); err != nil {
					b.Fatalf("tako-setup check: %v\nstderr: %s", err, stderr.Bytes())
				}
				kb, err := rss()
				if err != nil {
					b.Fatal(err)
				}
				peakKB = max(peakKB, kb)
			}
			b.ReportMetric(float64(peakKB)/1024, "MB-peak-rss")
			b.ReportMetric(benchMs(benchMedian(times)), "ms-median")
		})
	}
}

// benchMethodName names a method's sub-benchmark.
func benchMethodName(m checks.Method) string {
	if m == checks.OAuth2 {
		return "oauth"
	}
	return "api-token"
}

// benchHealthyOrg starts an emulated org in which every check passes or
// only warns, for method, and returns the server and the .env settings
// that point at it.
func benchHealthyOrg(b *testing.B, method checks.Method) (*emulator.Server, envfile.Settings) {
	b.Helper()
	org := emulator.NewOrg()
	settings := envfile.Settings{Method: method}
	switch method {
	case checks.OAuth2:
		key, err := benchKey()
		if err != nil {
			b.Fatal(err)
		}
		app := org.AddApp(&emulator.App{Label: "Tako"})
		benchMust(b, org.SetDPoP(app.ClientID, false))
		_, err = org.AddKey(app.ClientID, key.RSA.Public(), key.KID, "ACTIVE")
		benchMust(b, err)
		benchMust(b, org.GrantScopes(app.ClientID, checks.DefaultScopes...))
		_, err = org.AssignAppRole(app.ClientID, "READ_ONLY_ADMIN")
		benchMust(b, err)
		settings.ClientID = app.ClientID
		settings.PrivateKeyPEM = key.PEM()
		settings.Scopes = checks.DefaultScopes
	case checks.APIToken:
		u := org.AddUser(&emulator.User{Login: "ann@example.com", FirstName: "Ann", LastName: "Admin"})
		_, err := org.AssignUserRole(u.ID, "READ_ONLY_ADMIN")
		benchMust(b, err)
		tok := org.AddToken(&emulator.APIToken{Name: "tako", UserID: u.ID})
		benchMust(b, org.SetTokenNetwork(tok.ID, "ZONE", []string{"nzo1office"}, true))
		settings.APIToken = secret.New(tok.Value)
	}
	srv, err := emulator.Start(org)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	settings.OrgURL = srv.URL
	return srv, settings
}

// benchWriteEnv writes a .env holding settings, as the wizard would.
func benchWriteEnv(b *testing.B, path string, s envfile.Settings) {
	b.Helper()
	doc := envfile.Parse(nil)
	envfile.Apply(doc, s, envfile.ApplyOptions{RemoveOtherMethod: true})
	if _, err := envfile.Write(path, doc, envfile.WriteOptions{}); err != nil {
		b.Fatalf("writing %s: %v", path, err)
	}
}

// benchFullCheck checks that a `check --json` run went through every check
// and passed, so the figures belong to a full check, not to an early stop.
func benchFullCheck(runErr error, stdout []byte) error {
	var out struct {
		OK     bool `json:"ok"`
		Checks []struct {
			ID, Status, Detail string
		} `json:"checks"`
	}
	if err := json.Unmarshal(stdout, &out); err != nil {
		return fmt.Errorf("%v; output is not one JSON object: %w", runErr, err)
	}
	var problems []error
	for _, c := range out.Checks {
		if c.Status == string(checks.Fail) || c.Status == string(checks.Skip) {
			problems = append(problems, fmt.Errorf("%s: %s: %s", c.ID, c.Status, c.Detail))
		}
	}
	if runErr != nil || !out.OK || len(problems) > 0 {
		return fmt.Errorf("not a full passing check (exit: %v, ok: %v): %w", runErr, out.OK, errors.Join(problems...))
	}
	return nil
}

func benchMust(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

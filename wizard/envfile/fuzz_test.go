package envfile

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/secret"
)

// Seeds: testdata/fuzz/<target>/ (made from trickyFiles) plus the tricky
// files themselves. python-dotenv's reading of the stored seeds is checked by
// TestDocReadsLikePythonDotenv.

// FuzzParseRoundTrip: parsing never fails or panics, and an unedited
// document writes back byte for byte.
func FuzzParseRoundTrip(f *testing.F) {
	for _, text := range trickyFiles {
		f.Add([]byte(text))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d := Parse(data)
		if got := d.Bytes(); !bytes.Equal(got, data) {
			t.Fatalf("Bytes() = %q, want %q", got, data)
		}
		if d.Edited() {
			t.Fatal("unedited doc reports an edit")
		}
		_ = d.Problems()
		_ = d.Settings()
		if line := d.unstableLine(); line != 0 {
			t.Fatalf("unedited file reads differently on a second parse (line %d)", line)
		}
	})
}

// fuzzSettings are the edits FuzzApply tries, chosen by a fuzzed byte.
func fuzzSettings(which uint8) (Settings, ApplyOptions) {
	pem := secret.New("-----BEGIN PRIVATE KEY-----\nAAAA\nBBBB\n-----END PRIVATE KEY-----\n")
	all := []Settings{
		{OrgURL: "https://example.okta.com", Method: checks.OAuth2, ClientID: "0oa1", Scopes: []string{"okta.users.read", "okta.groups.read"}, PrivateKeyPEM: pem, ConcurrentLimit: 18},
		{OrgURL: "https://example.okta.com", Method: checks.APIToken, APIToken: secret.New("00fuzz-token"), ConcurrentLimit: 35},
		{PrivateKeyPEM: pem},
		{APIToken: secret.New("00other")},
		{Method: checks.OAuth2},
	}
	return all[int(which)%len(all)], ApplyOptions{RemoveOtherMethod: which&0x80 != 0}
}

// FuzzApplyKeepsOtherLines: Apply changes nothing but Tako's Okta keys —
// every other statement keeps its exact bytes, in order — and whenever the
// result re-reads as Apply intended (the check Write makes before writing),
// the user's values and the new Okta values read back exactly.
func FuzzApplyKeepsOtherLines(f *testing.F) {
	for _, text := range trickyFiles {
		f.Add([]byte(text), uint8(0))
		f.Add([]byte(text), uint8(0x81))
	}
	f.Add([]byte("OKTA_OAUTH2_PRIVATE_KEY_PEM=-----BEGIN PRIVATE KEY-----\nAAAA\nBB==\n-----END PRIVATE KEY-----\nX=1\n"), uint8(0x81))
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		before := Parse(data)
		doc := Parse(data)
		s, opts := fuzzSettings(which)
		changes := Apply(doc, s, opts)

		// 1. Every non-Okta statement survives byte for byte, in order.
		// (Lines of a private key pasted without quotes belong to the key.)
		out := string(doc.Bytes())
		rest := out
		cont := before.pemContinuations()
		for i, seg := range before.segs {
			if IsOktaKey(seg.key) || cont[i] || strings.TrimSpace(seg.raw) == "" {
				continue
			}
			core := seg.raw[seg.lead:]
			i := strings.Index(rest, core)
			if i < 0 {
				t.Fatalf("line %d (%q) lost or changed\nbefore: %q\nafter:  %q", seg.line, core, data, out)
			}
			rest = rest[i+len(core):]
		}
		// 2. No Okta change is claimed without a key to show.
		for _, c := range changes {
			if c.Key == "" {
				t.Fatalf("change without a key: %+v", c)
			}
		}
		// 3. If the result is stable, it reads as intended.
		if doc.unstableLine() != 0 {
			if doc.Validate() == nil {
				t.Fatal("Validate accepts a document that re-reads differently")
			}
			return
		}
		again := Parse(doc.Bytes())
		for _, key := range before.Keys() {
			if IsOktaKey(key) || before.onlyInPEM(key) {
				continue
			}
			v1, ok1 := before.Get(key)
			v2, ok2 := again.Get(key)
			if v1 != v2 || ok1 != ok2 {
				t.Fatalf("%s read %q, %v before and %q, %v after\nbefore: %q\nafter:  %q", key, v1, ok1, v2, ok2, data, out)
			}
		}
		kept := map[string]bool{}
		for _, c := range changes {
			if c.Kind == Kept {
				kept[c.Key] = true
			}
		}
		for _, kv := range wanted(s) {
			if kept[kv.key] {
				continue
			}
			if v, ok := again.Get(kv.key); !ok || v != kv.value {
				t.Fatalf("%s reads %q after Apply, want %q\nafter: %q", kv.key, v, kv.value, out)
			}
		}
	})
}

// onlyInPEM reports whether every occurrence of key is a line of an
// unquoted PEM value (python-dotenv reads such lines as keys of their own).
func (d *Doc) onlyInPEM(key string) bool {
	cont := d.pemContinuations()
	occ := d.occurrences(key)
	for _, i := range occ {
		if !cont[i] {
			return false
		}
	}
	return len(occ) > 0
}

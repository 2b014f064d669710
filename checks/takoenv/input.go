package takoenv

import (
	"errors"
	"slices"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/keys"
)

// Input turns settings into the engine's input, as Tako would use them. It
// is the only such function: every path of tako-setup checks through it.
//
//   - TOKEN_METHOD unset means API_TOKEN (Tako's default).
//   - The key is read leniently (PKCS#1, a JWK …) so that the engine can
//     test it with Okta; Tako's own rule — PKCS#8 PEM only, PEMProblem — is
//     passed on as KeyFormatIssue, which fails the key finding.
//   - The file's Issues are passed on as FileIssues, which fail the org
//     finding: a check that passes means Tako starts.
func Input(s Settings) checks.Input {
	in := checks.Input{
		OrgURL:          s.OrgURL,
		Method:          s.TokenMethod(),
		ClientID:        s.ClientID,
		APIToken:        s.APIToken,
		Scopes:          slices.Clone(s.Scopes),
		ConcurrentLimit: s.ConcurrentLimit,
	}
	for _, is := range s.Issues {
		in.FileIssues = append(in.FileIssues, checks.FileIssue{Refuses: is.Refuses, Problem: is.Problem, Fix: is.Fix})
	}
	if in.Method != checks.OAuth2 || s.PrivateKeyPEM.IsZero() {
		return in
	}
	text := s.PrivateKeyPEM.Reveal()
	key, err := keys.Parse(text)
	if err != nil {
		// keys' errors explain the problem and never quote key material.
		in.KeyFormatIssue = KeyPrivateKey + " holds no usable private key: " + err.Error()
		var ke *keys.KeyError
		if !errors.As(err, &ke) {
			in.KeyFormatIssue = KeyPrivateKey + " holds no usable private key."
		}
		return in
	}
	in.PrivateKey = key
	in.KeyID = s.KeyID
	if in.KeyID == "" {
		if nk, err := keys.Normalize(text); err == nil {
			in.KeyID = nk.SourceKID
		}
	}
	if p := PEMProblem(text); p != "" {
		in.KeyFormatIssue = KeyPrivateKey + " " + p + "."
	}
	return in
}

package takoenv_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/fctr-id/tako-setup/checks"
	"github.com/fctr-id/tako-setup/checks/emulator/emutest"
	"github.com/fctr-id/tako-setup/checks/secret"
	"github.com/fctr-id/tako-setup/checks/takoenv"
)

func oauthSettings(pemText string) takoenv.Settings {
	return takoenv.Settings{OrgURL: "https://acme.okta.com", Method: checks.OAuth2, ClientID: "0oa1", PrivateKeyPEM: secret.New(pemText)}
}

func TestInputKeyForms(t *testing.T) {
	pkcs8 := emutest.PKCS8PEM(t, emutest.Key(0))
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(emutest.Key(0))}))
	jwkJSON, _ := json.Marshal(jose.JSONWebKey{Key: emutest.Key(0), KeyID: "okta-generated-kid", Algorithm: "RS256", Use: "sig"})
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}))

	cases := []struct {
		name   string
		text   string
		hasKey bool
		issue  string
		kid    string
	}{
		{"pkcs8", pkcs8, true, "", ""},
		{"pkcs1", pkcs1, true, "PKCS#1", ""},
		{"jwk", string(jwkJSON), true, "not a PEM block", "okta-generated-kid"},
		{"two blocks", pkcs8 + pkcs8, false, "no usable private key", ""},
		{"ec", ecPEM, true, "", ""},
		{"garbage", "hello", false, "no usable private key", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := takoenv.Input(oauthSettings(c.text))
			if (in.PrivateKey != nil) != c.hasKey {
				t.Fatalf("key parsed = %v, want %v (issue %q)", in.PrivateKey != nil, c.hasKey, in.KeyFormatIssue)
			}
			if c.issue == "" && in.KeyFormatIssue != "" || !strings.Contains(in.KeyFormatIssue, c.issue) {
				t.Fatalf("issue = %q, want %q", in.KeyFormatIssue, c.issue)
			}
			if in.KeyID != c.kid {
				t.Fatalf("kid = %q, want %q", in.KeyID, c.kid)
			}
			if strings.Contains(in.KeyFormatIssue, "MII") {
				t.Fatal("the issue quotes key material")
			}
		})
	}
}

func TestInputMethodDefault(t *testing.T) {
	in := takoenv.Input(takoenv.Settings{OrgURL: "https://acme.okta.com", APIToken: secret.New("t"), ConcurrentLimit: 9, Scopes: []string{"okta.users.read"}})
	if in.Method != checks.APIToken || in.ConcurrentLimit != 9 || in.APIToken.Reveal() != "t" || in.PrivateKey != nil {
		t.Fatalf("input = %+v", in)
	}
}

func TestInputCarriesTheFileIssues(t *testing.T) {
	s := takoenv.Read(source{"OKTA_CLIENT_ORGURL", "https://acme.okta.com", "TOKEN_METHOD", "OAUTH2"})
	in := takoenv.Input(s)
	if len(in.FileIssues) != 1 || !in.FileIssues[0].Refuses || !strings.Contains(in.FileIssues[0].Fix, "OKTA_API_TOKEN=") {
		t.Fatalf("file issues = %+v", in.FileIssues)
	}
}

package wizard_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fctr-id/tako-setup/wizard"
)

// bigEnv is a .env of n lines that are not Tako's (a shared .env of a
// large deployment: plain, quoted and exported values, comments), then
// Tako's own settings for an API token.
func bigEnv(n int, token string) string {
	var b strings.Builder
	for i := range n {
		switch i % 8 {
		case 0:
			fmt.Fprintf(&b, "# service %d\n", i)
		case 1:
			fmt.Fprintf(&b, "SERVICE_%05d_NAME=\"Service number %d\"\n", i, i)
		case 2:
			fmt.Fprintf(&b, "export SERVICE_%05d_PORT=%d # the port\n", i, 8000+i)
		default:
			fmt.Fprintf(&b, "SERVICE_%05d_URL=https://svc-%d.internal.example/api\n", i, i)
		}
	}
	b.WriteString("TOKEN_METHOD=API_TOKEN\nOKTA_CLIENT_ORGURL=https://acme.okta.com\nOKTA_API_TOKEN=" + token + "\nOKTA_CONCURRENT_LIMIT=20\n")
	return b.String()
}

// editOnce is what the wizard does with the .env: read it (the welcome
// screen's summary), preview the changes (the review), write them and
// read the file back (the Done screen's check).
func editOnce(b *testing.B, dir, text string) time.Duration {
	path := filepath.Join(dir, ".env")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	a, err := wizard.LoadExisting(path)
	if err != nil {
		b.Fatal(err)
	}
	a.ConcurrentLimit = 30
	env := wizard.FileEnv(path, nil, time.Now)
	if _, err := env.Preview(&a); err != nil {
		b.Fatal(err)
	}
	if _, err := env.WriteEnv(&a); err != nil {
		b.Fatal(err)
	}
	if _, err := wizard.ReadBack(path); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkEditor20000Keys: how much longer the .env editor takes on a
// 20 000-key file than on a 10-key one (the target: under 200 ms more).
func BenchmarkEditor20000Keys(b *testing.B) {
	token := "00" + strings.Repeat("x", 38) + "q" // a placeholder, not a secret shape checked by Okta
	small, big := bigEnv(10, token), bigEnv(20000, token)
	var extra time.Duration
	for i := 0; i < b.N; i++ {
		extra += editOnce(b, b.TempDir(), big) - editOnce(b, b.TempDir(), small)
	}
	b.ReportMetric(float64(extra.Microseconds())/1000/float64(b.N), "ms-extra")
	b.ReportMetric(float64(len(big))/1024, "KiB")
}

package checks

import (
	"strings"
	"testing"
)

// TestRecommendConcurrentLimit reproduces Tako's published table and its
// rule for other percentages (half up, at least 1).
func TestRecommendConcurrentLimit(t *testing.T) {
	cases := []struct{ ceiling, pct, want int }{
		{35, 100, 35}, {35, 75, 26}, {35, 50, 18},
		{75, 100, 75}, {75, 75, 56}, {75, 50, 38},
		{75, 10, 8},   // 7.5 → 8 (half up)
		{35, 10, 4},   // 3.5 → 4
		{35, 1, 1},    // 0.35 → at least 1
		{35, 0, 1},    // never 0
		{75, 150, 75}, // clamped to 100 %
		{75, -20, 1},  // clamped to 0 %, then at least 1
		{35, 30, 11},  // 10.5 → 11
		{75, 33, 25},  // 24.75 → 25
		{75, 2, 2},    // 1.5 → 2
		{75, 1, 1},    // 0.75 → 1
		{100, 45, 45}, // exact
		{35, 43, 15},  // 15.05 → 15
		{75, 74, 56},  // 55.5 → 56
		{75, 73, 55},  // 54.75 → 55
		{35, 90, 32},  // 31.5 → 32
		{35, 20, 7},   // 7
		{35, 70, 25},  // 24.5 → 25
		{75, 60, 45},  // 45
		{75, 66, 50},  // 49.5 → 50
		{35, 99, 35},  // 34.65 → 35
		{35, 51, 18},  // 17.85 → 18
		{75, 51, 38},  // 38.25 → 38
		{35, 3, 1},    // 1.05 → 1
		{35, 5, 2},    // 1.75 → 2
		{75, 100, 75},
	}
	for _, c := range cases {
		if got := RecommendConcurrentLimit(c.ceiling, c.pct); got != c.want {
			t.Errorf("RecommendConcurrentLimit(%d, %d) = %d, want %d", c.ceiling, c.pct, got, c.want)
		}
	}
}

func TestCeilingForHost(t *testing.T) {
	cases := []struct {
		host   string
		want   int
		reason string
	}{
		{"integrator-1234567.okta.com", 35, "Integrator Free Plan"},
		{"INTEGRATOR-1.okta.com:443", 35, "Integrator"},
		{"trial-1234567.okta.com", 35, "free trial"},
		{"dev-123456.okta.com", 35, "Developer Edition"},
		{"dev-123456.oktapreview.com", 35, "Developer Edition"},
		{"acme.okta.com", 75, "Enterprise or Workforce Identity"},
		{"login.acme.example", 75, "no API that names an org's plan"},
		{"developer.okta.com", 75, "Enterprise"}, // "developer" is not "dev-"
		{"127.0.0.1:8443", 75, "Enterprise"},
	}
	for _, c := range cases {
		got, reason := CeilingForHost(c.host)
		if got != c.want || !strings.Contains(reason, c.reason) {
			t.Errorf("CeilingForHost(%q) = %d, %q; want %d mentioning %q", c.host, got, reason, c.want, c.reason)
		}
	}
}

func TestInFlightLimit(t *testing.T) {
	for _, c := range []struct{ ceiling, want int }{{75, 50}, {35, 23}, {1, 1}, {0, 1}, {2, 1}, {3, 2}} {
		if got := InFlightLimit(c.ceiling); got != c.want {
			t.Errorf("InFlightLimit(%d) = %d, want %d", c.ceiling, got, c.want)
		}
	}
}

func TestScopeLists(t *testing.T) {
	for _, s := range CoreScopes {
		if !IsCoreScope(s) {
			t.Errorf("%s not core", s)
		}
		found := false
		for _, d := range DefaultScopes {
			found = found || d == s
		}
		if !found {
			t.Errorf("core scope %s is not in Tako's default list", s)
		}
	}
	if IsCoreScope("okta.brands.read") {
		t.Error("okta.brands.read is not core")
	}
	seen := map[string]bool{}
	for _, s := range DefaultScopes {
		if seen[s] {
			t.Errorf("%s listed twice", s)
		}
		seen[s] = true
	}
	if len(DefaultScopes) != 48 {
		t.Errorf("Tako's list has 48 scopes, DefaultScopes %d", len(DefaultScopes))
	}
}

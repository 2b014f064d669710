package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionStringFromEveryBuild: whatever way the binary was built, the
// version names a release, a module version or a revision — never
// "unknown".
func TestVersionStringFromEveryBuild(t *testing.T) {
	rev := "7b15dc0b52ff9aab4f9eac39e802bc025c1f1dbb"
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: "2026-12-06T00:30:00Z"}, {Key: "vcs.modified", Value: modified}}
	}
	cases := []struct {
		name string
		b    buildStamp
		want string
	}{
		{"goreleaser", buildStamp{Version: "v1.2.3", Commit: rev, Date: "2026-12-06T01:00:00Z"},
			"1.2.3 (commit 7b15dc0b52ff, 2026-12-06T01:00:00Z)"},
		{"ldflags version only", buildStamp{Version: "1.2.3"}, "1.2.3"},
		{"go install module@version", buildStamp{Info: &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3", Sum: "h1:x"}}},
			"v1.2.3"},
		{"go build in a clean checkout", buildStamp{Info: &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261206003000-7b15dc0b52ff"}, Settings: vcs("false")}},
			"v0.0.0-20261206003000-7b15dc0b52ff (commit 7b15dc0b52ff, 2026-12-06T00:30:00Z)"},
		{"go build with local changes", buildStamp{Info: &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261206003000-7b15dc0b52ff+dirty"}, Settings: vcs("true")}},
			"v0.0.0-20261206003000-7b15dc0b52ff+dirty (commit 7b15dc0b52ff, 2026-12-06T00:30:00Z, with local changes)"},
		{"revision without a module version", buildStamp{Info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")}},
			nextRelease + "-dev (commit 7b15dc0b52ff, 2026-12-06T00:30:00Z)"},
		{"go run or -buildvcs=false", buildStamp{Info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}},
			nextRelease + "-dev (built from source without a revision: go run and -buildvcs=false record none)"},
		{"no build info at all", buildStamp{},
			nextRelease + "-dev (built from source without a revision: go run and -buildvcs=false record none)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := versionString(c.b)
			if got != c.want {
				t.Errorf("versionString = %q, want %q", got, c.want)
			}
			if strings.Contains(got, "unknown") {
				t.Errorf("versionString = %q says unknown", got)
			}
		})
	}
}

func TestDarkBackgroundWithoutAsking(t *testing.T) {
	cases := map[string]bool{
		"":             true, // unknown: dark, as lipgloss answers without a reply
		"15;0":         true,
		"0;15":         false,
		"0;7":          false,
		"15;default;0": true,
		"12;8":         true,
		"garbage":      true,
		"0;":           true,
	}
	for in, want := range cases {
		if got := darkBackground(in); got != want {
			t.Errorf("darkBackground(%q) = %v, want %v", in, got, want)
		}
	}
}

package main

import (
	"runtime/debug"
	"strings"
)

// Stamped at build time by the release build (.goreleaser.yaml):
//
//	-ldflags "-X main.version=1.2.3 -X main.commit=<sha> -X main.date=<commit date, RFC 3339>"
var (
	version = ""
	commit  = ""
	date    = ""
)

// nextRelease is the release this source is heading for. A build that
// carries no other version — `go run`, or `go build -buildvcs=false`, where
// Go records no revision — reports "<nextRelease>-dev". Bump it right after
// tagging a release.
const nextRelease = "0.1.0"

// buildStamp is what a binary knows about how it was built.
type buildStamp struct {
	// Version, Commit, Date: the -ldflags stamps (empty when not stamped).
	Version, Commit, Date string
	// Info is Go's own record (runtime/debug.ReadBuildInfo); nil if none.
	Info *debug.BuildInfo
}

// currentBuild is this binary's buildStamp.
func currentBuild() buildStamp {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return buildStamp{Version: version, Commit: commit, Date: date, Info: info}
}

// versionString is what `tako-setup --version` prints after "version ".
// It never says "unknown": in order of preference it is
//   - the release stamp (GoReleaser): "1.2.3 (commit 7b15dc0b52ff, 2026-…)",
//     the date being the commit's, so that a rebuild is byte for byte the same;
//   - the module version Go records: "v1.2.3" for `go install …@v1.2.3`, or
//     for `go build`/`go install` in a checkout the version Go derives from
//     the revision ("v0.0.0-20261206003000-7b15dc0abcde"), with the
//     revision, its time and "modified" when the tree had local changes;
//   - the revision alone, when Go recorded one but no module version;
//   - "<nextRelease>-dev" for a build that records neither (`go run`,
//     -buildvcs=false), saying why there is no revision.
func versionString(b buildStamp) string {
	if b.Version != "" {
		var d []string
		if b.Commit != "" {
			d = append(d, "commit "+shortRev(b.Commit))
		}
		if b.Date != "" {
			d = append(d, b.Date)
		}
		return strings.TrimPrefix(b.Version, "v") + parenthesised(d)
	}
	var modVersion, rev string
	var revDetail []string
	if b.Info != nil {
		if b.Info.Main.Version != "(devel)" {
			modVersion = b.Info.Main.Version
		}
		for _, s := range b.Info.Settings {
			switch {
			case s.Key == "vcs.revision":
				rev = s.Value
				revDetail = append([]string{"commit " + shortRev(rev)}, revDetail...)
			case s.Key == "vcs.time":
				revDetail = append(revDetail, s.Value)
			case s.Key == "vcs.modified" && s.Value == "true":
				revDetail = append(revDetail, "with local changes")
			}
		}
	}
	switch {
	case rev != "" && modVersion != "":
		return modVersion + parenthesised(revDetail)
	case rev != "":
		return nextRelease + "-dev" + parenthesised(revDetail)
	case modVersion != "":
		return modVersion
	default:
		return nextRelease + "-dev (built from source without a revision: go run and -buildvcs=false record none)"
	}
}

// parenthesised joins details as " (a, b)", or "" when there are none.
func parenthesised(d []string) string {
	if len(d) == 0 {
		return ""
	}
	return " (" + strings.Join(d, ", ") + ")"
}

// shortRev is the first 12 characters of a revision, as Go's pseudo-versions
// show it.
func shortRev(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

package checks_test

import (
	"testing"
	"time"
)

// BenchmarkFullCheckSlowLink runs the scenarios of BenchmarkFullCheck with
// 200 ms added to every answer (a far-away Okta cell over a slow link), where
// a round trip too many shows most. Same figures: x_floor (target ≤ 1.25 on a
// paid org), requests/op and peak_in_flight (bound 50 for a paid org, 23 for
// an Integrator org).
//
//	go test -run '^$' -bench FullCheckSlowLink -benchtime 5x ./checks/
//
// .ci/bench runs both benchmarks and records their figures.
func BenchmarkFullCheckSlowLink(b *testing.B) { benchScenarios(b, 200*time.Millisecond) }

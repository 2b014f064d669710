//go:build unix && race

package envfile_test

// Under the race detector each writer process takes a fifth of a second to
// start, so the crash test kills fewer of them (see crashKills).
const crashRace = true

//go:build unix && !race

package envfile_test

const crashRace = false

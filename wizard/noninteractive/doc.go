// Package noninteractive is `tako-setup --non-interactive`: the setup
// wizard's steps walked from flags and environment variables instead of a
// person, for Ansible, cloud-init and CI jobs.
//
// It walks the same steps.Graph as the wizard (see the "Non-interactive
// front ends" section of package steps): every input whose Flag is given
// (or whose environment twin is set; flags win) is Set exactly as the
// wizard sets a typed answer; a Choice decided by its options' flags picks
// the option whose flag was given; anything else takes the answer already
// loaded from an existing .env, then the input's default. Then the steps'
// checks run, in one engine run, and the steps absorb what the engine
// learnt (the canonical org URL, the granted scopes, the recommended
// concurrency limit). Only when no check failed is the .env written,
// through the same steps.Env the wizard writes with, so the same answers
// give the same file.
//
// Prepare does everything up to the write; Plan.Write writes. Between the
// two, the caller prints the findings and, on a terminal, may ask before an
// existing file is replaced. The package does no terminal or flag parsing
// of its own: the caller gathers Values (Gather) and injects the Env and
// the check function.
package noninteractive

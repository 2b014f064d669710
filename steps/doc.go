// Package steps is the setup guide as data: one file per step, each saying
// when it applies, what it asks, which live checks prove it and (through
// assets/, keyed by step ID) how it is explained. Every front end walks the
// same Graph: the Bubble Tea wizard, accessible line mode, non-interactive
// flags, resume, and rotation.
//
// # The pieces
//
//   - Answers holds everything asked and learned. It is a plain value:
//     copy it to hand it to a goroutine (Prepare and the checks run on a
//     copy; the result replaces the original). It embeds takoenv.Settings,
//     the one model of what a .env says about Okta: CheckInput turns it
//     into the engine's input through takoenv.Input, EnvSettings is what
//     the writer writes, and a setter that answers a key again calls
//     Answered (the file's issues about that key no longer count).
//   - Step: ID, Title, Role, Applies (the OAuth 2.0 / API-token branch),
//     Inputs, Checks (engine check IDs), CheckOnEnter, Prepare (work after
//     the inputs are set: generate a key, write, re-read) and Absorb (take
//     what the checks learned into Answers).
//   - Input: Label (LabelOf: worded for the answers)/Help/Kind for people;
//     Flag/Env/FlagIsFile for scripts;
//     Validate (pure, whole value) and Set (validate + store; may read a
//     file through Env). Kind.IsSecret inputs never show their value:
//     Input.Value returns a mask for them.
//   - Env: the side effects (read a file, parse/generate a key, preview,
//     write and re-read the .env), injected by the front end.
//   - Graph: Setup() is the first-time setup. Path(a) is the applicable
//     steps in order; Next/Prev move along it; CheckIDs(a) lists the checks
//     of the whole path.
//
// # Walking the graph (any front end)
//
//	g := steps.Setup()
//	a := &steps.Answers{}
//	for s, ok := g.First(a); ok; s, ok = g.Next(a, s.ID) {
//	    for _, in := range s.ActiveInputs(a) {   // re-evaluate after each Set:
//	        v := obtain(in)                       // a Choice may open the next input
//	        if err := in.Set(env, a, v); err != nil { /* ask again / exit 2 */ }
//	    }
//	    work := *a                                // copy for the goroutine
//	    if s.Prepare != nil { err = s.Prepare(env, &work) }
//	    r := checks.Run(ctx, work.CheckInput(), checks.Options{Only: s.Checks, …})
//	    if s.Absorb != nil { s.Absorb(&work, r) }
//	    *a = work
//	    switch s.Outcome(r) { case checks.Fail: /* show Findings(r), check again */ }
//	}
//
// Re-evaluate ActiveInputs after each Set (an answer may open or close the
// next input). A step whose Checks are empty passes once its inputs are set;
// a Final step with empty Checks runs every check.
//
// # Interactive front ends (TUI, accessible mode)
//
// Ask each active input that is not FlagOnly, pre-filled with
// Input.Proposed. Offer only Input.OptionsFor(a) of a Choice. Secret kinds
// are read masked; SecretText (a private key) must be validated as a whole
// (a paste without bracketed paste arrives line by line). CheckOnEnter steps
// run their checks before asking (the rate-limit step proposes the engine's
// recommendation). A failed step offers "check again" without retyping.
// The help for a step is assets.ForStep(string(step.ID)). A key step shows
// PublicKeyToAdd (a generated key, or one Okta says is not on the app).
//
// The review shows Env.Preview, made once per showing and again when one
// of its answers changes (keep or remove the other method's secret): the
// Env writes exactly the edit it last previewed, and a write refused with
// ErrStaleReview (the file changed on disk meanwhile) goes back to the
// review for a fresh preview.
//
// # Non-interactive front ends (wizard/noninteractive)
//
// For each input of each step on the path, in order:
//   - Flag != "": take the flag, else its Env twin (flags win). With
//     FlagIsFile, the flag names a file whose contents are the value ("-"
//     reads stdin); the secret itself is never a flag value.
//   - a Choice with Flag == "" is decided by its options' Flag fields: the
//     first option whose flag was given is chosen (private-key source:
//     --generate-key → "generate", --private-key-file → "file"); else its
//     Default.
//   - no value: use Default(a); if still empty and Required, exit 2 naming
//     "--"+Flag (or the options' flags).
//
// Interactive-only inputs (Flag == "" and no option flags: the welcome
// choice) are skipped. Run the checks of each step as above, or all at once
// with Graph.CheckIDs(a); call the WriteRole step's Prepare only when no
// check failed. Because the wizard and the non-interactive mode both write
// through the same Env.WriteEnv from the same Answers, the same answers
// give the same file.
//
// # Rotation (Rotate())
//
// Rotate() is a Graph of its own (rotate_*.go, one step per file) reusing
// the values it needs; what rotation learns (the old key or token) lives in
// Answers, not in a front end. The wizard's welcome step offers StartRotate
// when a .env exists: the Machine then ends with Outcome Rotate and the
// command starts the rotation graph on the same file.
//
// # Driving a graph with the wizard's machine
//
// wizard.New(graph, answers, env) is the pure step machine every
// interactive front end uses: Submit / Continue / Back / CheckAgain return
// a *wizard.Request (Prepare + checks, with an attempt id) that the front
// end runs off its UI goroutine and hands back with Result; results of an
// older attempt are dropped. Resume and Recheck walk forward on their own,
// re-checking each answered step, and stop at the first that needs the
// user.
package steps

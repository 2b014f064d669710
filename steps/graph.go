package steps

// Graph is an ordered list of steps; branches are expressed by each step's
// Applies. The setup wizard walks Setup(); rotation can build its
// own Graph from the same step values plus its own.
type Graph []Step

// Setup is the full first-time setup graph, in guide order.
func Setup() Graph {
	return Graph{
		welcomeStep(),
		orgURLStep(),
		methodStep(),
		adminTokenStep(),
		automaticStep(),
		oauthAppStep(),
		privateKeyStep(),
		dpopStep(),
		scopesStep(),
		adminRolesStep(),
		tokenCreateStep(),
		tokenValueStep(),
		tokenNetworkStep(),
		rateLimitStep(),
		reviewStep(),
		writeStep(),
		doneStep(),
	}
}

// Index returns the position of id, or -1.
func (g Graph) Index(id ID) int {
	for i, s := range g {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// Step returns the step with the given ID.
func (g Graph) Step(id ID) (Step, bool) {
	if i := g.Index(id); i >= 0 {
		return g[i], true
	}
	return Step{}, false
}

// Path returns the steps that apply to a, in order (the sidebar).
func (g Graph) Path(a *Answers) []Step {
	var out []Step
	for _, s := range g {
		if s.AppliesTo(a) {
			out = append(out, s)
		}
	}
	return out
}

// First returns the first step that applies.
func (g Graph) First(a *Answers) (Step, bool) {
	for _, s := range g {
		if s.AppliesTo(a) {
			return s, true
		}
	}
	return Step{}, false
}

// Next returns the first applicable step after from; false at the end.
func (g Graph) Next(a *Answers, from ID) (Step, bool) {
	for i := g.Index(from) + 1; i > 0 && i < len(g); i++ {
		if g[i].AppliesTo(a) {
			return g[i], true
		}
	}
	return Step{}, false
}

// Prev returns the last applicable step before from; false at the start.
func (g Graph) Prev(a *Answers, from ID) (Step, bool) {
	for i := g.Index(from) - 1; i >= 0; i-- {
		if g[i].AppliesTo(a) {
			return g[i], true
		}
	}
	return Step{}, false
}

// Inputs returns every input of every applicable step, in order (for a
// non-interactive front end that maps flags to inputs).
func (g Graph) Inputs(a *Answers) []Input {
	var out []Input
	for _, s := range g.Path(a) {
		out = append(out, s.Inputs...)
	}
	return out
}

// CheckIDs returns the check IDs of the applicable steps, in order,
// without duplicates.
func (g Graph) CheckIDs(a *Answers) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range g.Path(a) {
		for _, id := range s.Checks {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

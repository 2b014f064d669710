package checks

import (
	"context"
	"slices"
	"sync/atomic"
)

// runProbesSparing is runProbes for the OAuth probe wave, polite to a busy
// org. Most probes only show whether the app's role lets it read what a
// scope covers; a role that reads everything (Super, Org or Read-only
// Administrator, listed by the roles probe) allows them all. Once the org
// has made the check slow down (a concurrency refusal lowered the bound)
// and the roles probe has shown such a role, the probes of scopes outside
// Tako's core that have not been answered yet are not sent: their answer
// is known, and the org has no slot to spare; a request already on its way
// is not recalled. They are marked spared, and
// the finding says so. The core probes, the roles probe and the calls other
// checks read (key list, rate limits) are always sent. On an org that
// never refuses a request, every probe goes out.
func (r *run) runProbesSparing(ctx context.Context, calls []*probe, cred credential, rolesPath string, keep func(*probe) bool) map[string]*probe {
	var readAll, spareNow atomic.Bool
	trigger := func() {
		if readAll.Load() && r.c.lim.figures().Lowest > 0 {
			spareNow.Store(true)
		}
	}
	r.c.lim.setOnLowered(trigger)
	defer r.c.lim.setOnLowered(nil)

	fns := make([]func(), len(calls))
	for i, c := range calls {
		var spare func() bool
		if !keep(c) {
			spare = spareNow.Load
		}
		fns[i] = func() {
			c.a, c.p = r.getUnless(ctx, c.path, cred, spare)
			if c.p != nil && c.p.Kind == probSpared {
				c.p, c.spared = nil, true
			}
			if c.path == rolesPath && c.a != nil && c.outcome() == probeOK {
				var roles []roleAssignment
				if decodeJSON(c.a, "the app's roles", &roles) == nil && readsEverything(roles) {
					readAll.Store(true)
					trigger()
				}
			}
		}
	}
	parallel(fns...)
	out := make(map[string]*probe, len(calls))
	for _, c := range calls {
		out[c.path] = c
	}
	return out
}

// readsEverything reports whether roles include an active one that reads
// every resource.
func readsEverything(roles []roleAssignment) bool {
	for _, ro := range roles {
		if slices.Contains(readAllRoles, ro.Type) && ro.Status != "INACTIVE" {
			return true
		}
	}
	return false
}

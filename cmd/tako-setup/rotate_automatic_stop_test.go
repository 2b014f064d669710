package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/fctr-id/tako-setup/checks/provision"
	"github.com/fctr-id/tako-setup/steps"
)

// ctrl+c after the new key is in the .env finishes the swap; the output
// says the rotation is done, so a script that sees exit 130 does not
// rotate again. Before the write, nothing is claimed.
func TestAutomaticRotationStoppedAfterTheWriteSaysItIsDone(t *testing.T) {
	stopped := fmt.Errorf("rotating: %w", context.Canceled)
	var out, errOut bytes.Buffer
	printRotation(&out, &errOut, &provision.RotateResult{}, &steps.WriteResult{Path: "/srv/tako/.env"}, stopped)
	if !strings.Contains(errOut.String(), "the rotation is done (do not run it again)") {
		t.Fatalf("stderr does not say the rotation is done:\n%s", errOut.String())
	}
	out.Reset()
	errOut.Reset()
	printRotation(&out, &errOut, &provision.RotateResult{}, nil, stopped)
	if strings.Contains(out.String()+errOut.String(), "rotation is done") {
		t.Fatalf("claims a finished rotation before the write:\n%s%s", out.String(), errOut.String())
	}
}

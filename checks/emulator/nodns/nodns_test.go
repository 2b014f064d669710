package nodns

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

func TestInstallRefusesDNSButKeepsHostsFile(t *testing.T) {
	saved := net.DefaultResolver
	t.Cleanup(func() { net.DefaultResolver = saved })
	Install()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := net.DefaultResolver.LookupHost(ctx, "tako-setup-nodns-test.okta.com")
	if err == nil || !strings.Contains(err.Error(), ErrDisabled.Error()) {
		t.Fatalf("lookup of a real-looking name = %v, want it refused with %q", err, ErrDisabled)
	}
	addrs, err := net.DefaultResolver.LookupHost(ctx, "localhost")
	if err != nil || len(addrs) == 0 {
		t.Fatalf("localhost must still resolve from /etc/hosts: %v %v", addrs, err)
	}
}

package serve

import (
	"net"
	"testing"
)

func TestListenSaysWhatIsWrongOnce(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, c := range []struct {
		name, addr, want string
	}{
		{"a port in use", busy.Addr().String(), "cannot listen on " + busy.Addr().String() + ": address already in use"},
		{"no port", "127.0.0.1", "cannot listen on 127.0.0.1: missing port in address"},
		{"a port out of range", "127.0.0.1:70000", "cannot listen on 127.0.0.1:70000: invalid port"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ln, err := Listen(c.addr)
			if err == nil {
				ln.Close()
				t.Fatalf("listening on %s: no error", c.addr)
			}
			if err.Error() != c.want {
				t.Errorf("got %q, want %q", err, c.want)
			}
		})
	}
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
}

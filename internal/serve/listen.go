package serve

import (
	"errors"
	"fmt"
	"net"
	"os"
)

// Listen listens on the TCP address addr. Its error names the address
// once and says what is wrong in the system's words: net's repeats the
// address and the system call ("listen tcp 127.0.0.1:8080: bind: address
// already in use").
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	var op *net.OpError
	if errors.As(err, &op) {
		err = op.Err
	}
	var sys *os.SyscallError
	if errors.As(err, &sys) {
		err = sys.Err
	}
	var bad *net.AddrError
	if errors.As(err, &bad) {
		err = errors.New(bad.Err)
	}
	return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
}

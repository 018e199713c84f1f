package serve

import (
	"net"
	"sync"
	"sync/atomic"
)

// limitListener serves at most cap(slots) connections at once. Past that,
// Accept waits for one to close, holding the caller it took unread while
// the kernel's backlog holds the others: every open connection may be reading a body of up to
// MaxBodyBytes, so the bound is the memory of the requests being read,
// which the batchers' queues do not cover.
//
// While it waits, keepAlive(false) closes the idle keep-alive connections
// and has the busy ones close after their answer: otherwise clients that
// keep their connections open but send nothing would hold every slot for
// IdleTimeout. Keep-alive comes back once a slot is free.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	keepAlive func(bool)
	closed    chan struct{}
	closeOnce sync.Once
	// conns counts the connections open; slots has one more taken while
	// Accept waits for the next.
	conns atomic.Int64
}

func newLimitListener(ln net.Listener, limit int, keepAlive func(bool)) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, limit), keepAlive: keepAlive, closed: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	// The slot is waited for once a caller is there: waited for ahead of
	// one, it turned keep-alive off at the limit itself, for no one, and
	// every answer to a pool of --max-connections clients closed its
	// connection. The caller waits unread, as in the backlog.
	select {
	case l.slots <- struct{}{}:
	default:
		l.keepAlive(false)
		select {
		case l.slots <- struct{}{}:
			l.keepAlive(true)
		case <-l.closed:
			c.Close()
			return nil, net.ErrClosed
		}
	}
	l.conns.Add(1)
	return &limitedConn{Conn: c, release: func() {
		l.conns.Add(-1)
		<-l.slots
	}}, nil
}

// Close stops a waiting Accept too: http.Server.Shutdown closes the
// listener and then waits for Serve, which is in Accept.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// open is how many connections are open.
func (l *limitListener) open() int64 { return l.conns.Load() }

// limitedConn gives its slot back when closed, once however often it is
// closed.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

package web

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"
)

// wholeAnswers sends every answer in one piece, with its length: what the
// handler (and the compression after it) writes is kept until it is done,
// then written at once. A replica killed while it answers has then sent an
// answer whole or nothing of it, and a load balancer retries "nothing" on
// another replica (HAProxy's retry-on empty-response, nginx's
// proxy_next_upstream error); half an answer it could only pass on cut.
// The CSV export streams (it may be large) and is left as it is.
//
// net/http writes an answer's headers and the start of its body in one
// write and the rest of a body longer than its 4 KB buffer in another; on
// a connection from a listener wrapped by WholeWrites the two are held and
// written to the socket together, so that no moment exists at which the
// headers are out and the body is not.
func wholeAnswers(c *gin.Context) {
	if c.Request.URL.Path == "/api/export" {
		c.Next()
		return
	}
	w := &wholeWriter{ResponseWriter: c.Writer}
	c.Writer = w
	defer func() {
		c.Writer = w.ResponseWriter
		if v := recover(); v != nil {
			panic(v) // nothing of a failed answer goes out; recovery answers
		}
		if w.buf.Len() > 0 {
			w.Header().Set("Content-Length", strconv.Itoa(w.buf.Len()))
			conn, _ := c.Request.Context().Value(wholeConnKey{}).(*wholeConn)
			conn.hold()
			w.ResponseWriter.Write(w.buf.Bytes())
			w.ResponseWriter.Flush() // headers and body into the held writes
			conn.release()
		}
	}()
	c.Next()
}

// wholeWriter keeps the body written to it for wholeAnswers.
type wholeWriter struct {
	gin.ResponseWriter
	buf bytes.Buffer
}

func (w *wholeWriter) Write(b []byte) (int, error) { return w.buf.Write(b) }

func (w *wholeWriter) WriteString(s string) (int, error) { return w.buf.WriteString(s) }

// Flush keeps the body: it goes out whole at the end.
func (w *wholeWriter) Flush() {}

func (w *wholeWriter) Size() int {
	if w.buf.Len() > 0 {
		return w.buf.Len()
	}
	return w.ResponseWriter.Size()
}

func (w *wholeWriter) Written() bool { return w.buf.Len() > 0 || w.ResponseWriter.Written() }

// WholeWrites wraps the listener a server serves so that each answer
// wholeAnswers sends reaches the socket in one write, headers and body
// together (see wholeAnswers). It sets srv.ConnContext, keeping one that
// was set, and returns the listener to pass to srv.Serve. Without it
// answers are still whole and with their length, in two writes.
func WholeWrites(srv *http.Server, ln net.Listener) net.Listener {
	next := srv.ConnContext
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if next != nil {
			ctx = next(ctx, c)
		}
		if wc, ok := c.(*wholeConn); ok {
			ctx = context.WithValue(ctx, wholeConnKey{}, wc)
		}
		return ctx
	}
	return wholeListener{ln}
}

type wholeListener struct{ net.Listener }

func (l wholeListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &wholeConn{Conn: c}, nil
}

type wholeConnKey struct{}

// wholeConn is a connection whose writes can be held and sent as one.
type wholeConn struct {
	net.Conn
	mu   sync.Mutex
	held bool
	buf  []byte
	err  error // of the write that sent what was held
}

func (c *wholeConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	if c.held {
		c.buf = append(c.buf, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// hold keeps what is written from now on until release; on a nil
// connection (a server without WholeWrites) it does nothing.
func (c *wholeConn) hold() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.held = true
	c.mu.Unlock()
}

// release writes what was held in one write. An error is kept and
// returned by the next write, where net/http sees it and closes the
// connection.
func (c *wholeConn) release() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.held = false
	if len(c.buf) > 0 {
		_, c.err = c.Conn.Write(c.buf)
	}
	c.buf = nil
}

package web

import (
	"bytes"
	"strconv"

	"github.com/gin-gonic/gin"
)

// wholeAnswers sends every answer in one piece, with its length: what the
// handler (and the compression after it) writes is kept until it is done,
// then written at once. A replica killed while it answers has then sent an
// answer whole or nothing of it, and a load balancer retries "nothing" on
// another replica (HAProxy's retry-on empty-response, nginx's
// proxy_next_upstream error); half an answer it could only pass on cut.
// The CSV export streams (it may be large) and is left as it is.
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
			w.ResponseWriter.Write(w.buf.Bytes())
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

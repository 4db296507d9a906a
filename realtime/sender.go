package realtime

// sender is how the room hands one client its messages. The room queues
// during a step and flushes once the step is done; a sender decides how
// the bytes leave (socketSender writes them to the client's socket).
type sender interface {
	// queue adds msg; ok is false when the client cannot keep up (or is
	// gone), flush true when the room must call flush after this step.
	queue(msg []byte) (ok, flush bool)
	// flush writes what is queued without waiting on the socket.
	flush()
	// close writes what is queued, then the client's close frame.
	close()
}

// socketSender queues in the client's outbox and writes to its socket.
type socketSender struct{ c *client }

func (s socketSender) queue(msg []byte) (ok, flush bool) { return s.c.out.pushDeferred(msg) }
func (s socketSender) flush()                            { s.c.flushNoWait() }
func (s socketSender) close()                            { s.c.out.close() }

//go:build unix

package realtime

import (
	"errors"
	"net"
	"syscall"
)

// rawConnOf is conn's file descriptor access, for writes that do not wait.
func rawConnOf(conn net.Conn) syscall.RawConn {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return raw
}

// writeFD writes p to the non-blocking socket fd once: what the socket
// takes now, possibly nothing (EAGAIN is not an error here).
func writeFD(fd uintptr, p []byte) (int, error) {
	for {
		n, err := syscall.Write(int(fd), p)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EAGAIN):
			return 0, nil
		case err != nil:
			return 0, err
		}
		return n, nil
	}
}

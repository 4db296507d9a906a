//go:build !unix

package realtime

import (
	"net"
	"syscall"
)

// rawConnOf: writes that do not wait are only built for unix; elsewhere
// every write goes through a writer goroutine.
func rawConnOf(net.Conn) syscall.RawConn { return nil }

func writeFD(uintptr, []byte) (int, error) { return 0, nil }

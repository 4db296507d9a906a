//go:build !unix

package server

// freeBytes is unknown off unix; readiness then checks the database only.
func freeBytes(string) (uint64, bool) { return 0, false }

package realtime

import "encoding/binary"

// appendTextFrame appends payload as one unmasked, final text frame (RFC
// 6455 section 5.2), as a server sends it.
func appendTextFrame(buf, payload []byte) []byte {
	const finText = 0x81
	switch n := len(payload); {
	case n < 126:
		buf = append(buf, finText, byte(n))
	case n <= 0xFFFF:
		buf = append(buf, finText, 126, byte(n>>8), byte(n))
	default:
		buf = append(buf, finText, 127)
		buf = binary.BigEndian.AppendUint64(buf, uint64(n))
	}
	return append(buf, payload...)
}

package loadgen

import (
	"errors"
	"io"
	"sync"
)

// frame is what the load generator needs from one server message. The byte
// slices point into the read buffer and are valid only while it is handled.
type frame struct {
	typ   []byte
	id    []byte
	event []byte
	code  []byte
	seq   int64
	data  []byte // the raw "data" value
}

var errMalformed = errors.New("loadgen: malformed server frame")

// parseFrame reads the top-level fields of a server message without
// decoding it: thousands of clients each reading every event must not
// allocate per message. When the type is presence and skipPresence is set it
// stops there, so the clients that ignore presence never scan its (large)
// participant list.
func parseFrame(b []byte, f *frame, skipPresence bool) error {
	*f = frame{}
	return scanObject(b, func(key, val []byte) bool {
		switch string(key) {
		case "type":
			f.typ = unquote(val)
			return !(skipPresence && string(f.typ) == "presence")
		case "id":
			f.id = unquote(val)
		case "event":
			f.event = unquote(val)
		case "code":
			f.code = unquote(val)
		case "seq":
			f.seq = parseInt(val)
		case "data":
			f.data = val
		}
		return true
	})
}

// objectInt returns the integer value of a top-level key of a JSON object, or -1.
func objectInt(obj []byte, name string) int64 {
	n := int64(-1)
	_ = scanObject(obj, func(key, val []byte) bool {
		if string(key) == name {
			n = parseInt(val)
			return false
		}
		return true
	})
	return n
}

// scanObject calls fn with each top-level key (raw, without quotes) and raw
// value of the JSON object in b, until fn returns false.
func scanObject(b []byte, fn func(key, val []byte) bool) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errMalformed
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return errMalformed
		}
		switch b[i] {
		case '}':
			return nil
		case ',':
			i++
			continue
		case '"':
		default:
			return errMalformed
		}
		end := skipString(b, i)
		if end < 0 {
			return errMalformed
		}
		key := b[i+1 : end-1]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return errMalformed
		}
		i = skipSpace(b, i+1)
		end = skipValue(b, i)
		if end < 0 {
			return errMalformed
		}
		if !fn(key, b[i:end]) {
			return nil
		}
		i = end
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string starting at b[i] == '"', or -1.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the index just past the JSON value starting at b[i], or -1.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end := skipString(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	default: // number, true, false, null
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\t' && b[j] != '\r' {
			j++
		}
		if j == i {
			return -1
		}
		return j
	}
}

// unquote strips the quotes of a JSON string value (escapes are kept: the
// values compared here never contain any); a non-string gives nil.
func unquote(val []byte) []byte {
	if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
		return val[1 : len(val)-1]
	}
	return nil
}

// parseInt reads a non-negative decimal integer; anything else gives -1.
func parseInt(val []byte) int64 {
	if len(val) == 0 {
		return -1
	}
	var n int64
	for _, c := range val {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// readBuffers recycles frame buffers across all connections, so memory
// follows the frames in flight rather than the number of connections.
var readBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// maxPooledBuffer keeps one rare huge snapshot from pinning memory in the pool.
const maxPooledBuffer = 256 << 10

// readFrame reads one whole message from r into buf, growing it as needed.
func readFrame(r io.Reader, buf []byte) ([]byte, error) {
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

package models

import (
	"sync"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
)

// pinAllocatorPages keeps one block of every small size class of the
// pure-Go SQLite's C allocator (modernc.org/memory, 1 MiB pages) alive for
// the life of the process. That allocator unmaps a page the moment its last
// block is freed, and a statement's allocations often empty one: every
// statement then cost an mmap and several munmaps, and each munmap waits on
// the other cores' TLB flush (30-110 µs each on a VM).
var pinAllocatorPages = sync.OnceFunc(func() {
	tls := libc.NewTLS()
	for log := 4; log <= 18; log++ { // 16 B up to the largest slot, 256 KiB
		libc.Xmalloc(tls, types.Size_t(1)<<log)
	}
})

package license

import (
	"bytes"
	"cmp"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Index is an immutable, load-once view of a tenant base built for tables of a million rows: the
// rows' lowered search text in one contiguous buffer, and one sorted permutation per column. It is
// built off the UI's key path (in the command that fetched the data); after that, filtering narrows
// earlier results and sorting picks a ready permutation. An Index is safe for concurrent reads.
type Index struct {
	rows   []Tenant
	text   []byte   // every row's search text, each preceded by a 0 per field and ended by '\n'
	starts []uint32 // row i's text is text[starts[i]:starts[i+1]]
	perms  [NumColumns][]int32
	ranks  [NumColumns][]int32 // ranks[c][id] = position of row id in perms[c]
	// uni[c] and bi[c1*numClasses+c2] are bitsets over row ids: the rows whose text holds character
	// class c, or the two classes side by side within one field. A query term's grams ANDed give
	// its candidate rows in N/64 word operations, without touching the text; nil = no row has it.
	uni [numClasses][]uint64
	bi  [numClasses * numClasses][]uint64
	// biList holds the rare bigrams (in fewer than 1 row in 32) as sorted row ids instead: a
	// bitset costs N/8 bytes whatever its count, and most bigrams of names are rare.
	biList [numClasses * numClasses][]int32
	counts Counts
}

// Character classes of the gram bitsets: a-z, 0-9, '-', '.', ' ' and the rest. A term made of the
// first 39 classes and at most two characters long is matched exactly by its bitset.
const (
	numClasses = 40
	classOther = numClasses - 1
)

var classOf = func() (t [256]uint8) {
	for i := range t {
		t[i] = classOther
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = uint8(c - 'a')
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = uint8(26 + c - '0')
	}
	t['-'], t['.'], t[' '] = 36, 37, 38
	return t
}()

// NewIndex builds the index over rows (it keeps the slice; do not change it afterwards).
func NewIndex(rows []Tenant) *Index {
	ix := &Index{rows: rows, starts: make([]uint32, len(rows)+1)}
	ix.text = make([]byte, 0, len(rows)*160)
	for i := range rows {
		ix.text = rows[i].searchText(ix.text)
		ix.text = append(ix.text, '\n')
		ix.starts[i+1] = uint32(len(ix.text))
	}
	if cap(ix.text) > len(ix.text)+len(ix.text)/8 {
		ix.text = bytes.Clone(ix.text) // give back what the estimate over-reserved
	}
	ix.counts = Count(rows)
	ix.sortAll()
	ix.grams()
	return ix
}

// grams fills the unigram and bigram bitsets from the text.
func (ix *Index) grams() {
	words := (len(ix.rows) + 63) / 64
	set := func(b *[]uint64, row int) {
		if *b == nil {
			*b = make([]uint64, words)
		}
		(*b)[row>>6] |= 1 << (row & 63)
	}
	for row := range ix.rows {
		t := ix.rowText(int32(row))
		prev := -1
		for _, ch := range t {
			if ch == 0 || ch == '\n' { // a field boundary: no gram spans it
				prev = -1
				continue
			}
			c := int(classOf[ch])
			set(&ix.uni[c], row)
			if prev >= 0 {
				set(&ix.bi[prev*numClasses+c], row)
			}
			prev = c
		}
	}
	for k, b := range ix.bi {
		if b == nil {
			continue
		}
		n := 0
		for _, w := range b {
			n += bits.OnesCount64(w)
		}
		if n*32 >= len(ix.rows) {
			continue
		}
		list := make([]int32, 0, n)
		for w, word := range b {
			for rest := word; rest != 0; rest &= rest - 1 {
				list = append(list, int32(w<<6|bits.TrailingZeros64(rest)))
			}
		}
		ix.biList[k], ix.bi[k] = list, nil
	}
}

// Len is the number of rows.
func (ix *Index) Len() int { return len(ix.rows) }

// Row returns row id (an index into the rows given to NewIndex).
func (ix *Index) Row(id int32) *Tenant { return &ix.rows[id] }

// Rows returns the rows in their original order (do not change them).
func (ix *Index) Rows() []Tenant { return ix.rows }

// Counts returns the header counts of all rows.
func (ix *Index) Counts() Counts { return ix.counts }

// Order returns the row ids sorted ascending by column c (do not change it).
func (ix *Index) Order(c Column) []int32 { return ix.perms[c] }

// Find returns the row id of the tenant with tenant id id, by binary search on the Join order
// (kind, then id); ok is false when absent.
func (ix *Index) Find(kind IDKind, id string) (int32, bool) {
	i, ok := slices.BinarySearchFunc(ix.rows, id, func(t Tenant, id string) int {
		return cmp.Or(cmp.Compare(t.IDKind, kind), strings.Compare(t.ID, id))
	})
	return int32(i), ok
}

// Rank returns the position of row id in the order of column c: O(1).
func (ix *Index) Rank(c Column, id int32) int { return int(ix.ranks[c][id]) }

func inverse(perm []int32) []int32 {
	r := make([]int32, len(perm))
	for pos, id := range perm {
		r[id] = int32(pos)
	}
	return r
}

// rowText is row id's search text.
func (ix *Index) rowText(id int32) []byte { return ix.text[ix.starts[id]:ix.starts[id+1]] }

// rowAt returns the row whose text holds byte offset pos, starting the search at row hint (hits
// are usually in the same row or the next few, so this is O(1) for dense matches).
func (ix *Index) rowAt(pos uint32, hint int) int {
	for j := hint; j < hint+4 && j < len(ix.rows); j++ {
		if pos < ix.starts[j+1] {
			return j
		}
	}
	lo, hi := hint, len(ix.rows)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ix.starts[mid+1] <= pos {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// sortAll computes one permutation per column, in parallel. Ties keep the Join order (tenant id), so
// every order is deterministic.
func (ix *Index) sortAll() {
	n := len(ix.rows)
	base := make([]int32, n)
	for i := range base {
		base[i] = int32(i)
	}
	type job struct {
		c   Column
		cmp func(a, b int32) int
	}
	rows := ix.rows
	var rank []int32 // position in the host order: the tie-break of every other column
	tie := func(a, b int32) int {
		if rank == nil {
			return cmp.Compare(a, b)
		}
		return cmp.Compare(rank[a], rank[b])
	}
	str := func(f func(t *Tenant) string) func(a, b int32) int {
		keys := make([]string, n)
		for i := range rows {
			keys[i] = strings.ToLower(f(&rows[i]))
		}
		return func(a, b int32) int {
			ka, kb := keys[a], keys[b]
			if (ka == "") != (kb == "") { // empty cells last
				if ka == "" {
					return 1
				}
				return -1
			}
			return cmp.Or(strings.Compare(ka, kb), tie(a, b))
		}
	}
	num := func(f func(t *Tenant) int64) func(a, b int32) int {
		keys := make([]int64, n)
		for i := range rows {
			keys[i] = f(&rows[i])
		}
		return func(a, b int32) int { return cmp.Or(cmp.Compare(keys[a], keys[b]), tie(a, b)) }
	}
	hp := slices.Clone(base)
	slices.SortFunc(hp, str(func(t *Tenant) string { return t.Host }))
	ix.perms[ColHost] = hp
	rank = inverse(hp)
	ix.ranks[ColHost] = rank
	jobs := []job{
		{ColCloudID, str(func(t *Tenant) string { return t.CloudID() })},
		{ColProduct, str(func(t *Tenant) string { return t.Product })},
		{ColType, str(func(t *Tenant) string { return string(t.Type()) })},
		{ColState, num(func(t *Tenant) int64 { return int64(t.Life.State) })},
		{ColDays, num(func(t *Tenant) int64 { return int64(t.Life.urgency()) })},
		{ColTier, str(func(t *Tenant) string { return t.Tier() })},
		{ColSince, num(func(t *Tenant) int64 {
			if t.InstalledSince.IsZero() {
				return 1 << 62 // never installed: last
			}
			return t.InstalledSince.Unix()
		})},
		{ColAnomaly, num(func(t *Tenant) int64 { return int64(t.Anomalies.rank()) })},
	}
	work := make(chan job)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(jobs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				p := slices.Clone(base)
				slices.SortFunc(p, j.cmp)
				ix.perms[j.c] = p
				ix.ranks[j.c] = inverse(p)
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
}

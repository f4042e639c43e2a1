package license

import (
	"bytes"
	"math/bits"
	"slices"
	"sort"
	"strings"
)

// View is a filtered, sorted window onto an Index, as one table shows it. Filtering is incremental:
// while a query grows, each keystroke narrows the previous matches instead of scanning every row, and
// the match sets of shorter queries are kept, so backspace costs nothing. Buffers are reused, so a
// keystroke makes no garbage that grows with the number of rows. A View is not safe for concurrent
// use; its Index is.
type View struct {
	ix    *Index
	col   Column
	desc  bool
	query string
	terms []string
	// stack holds the match sets of the query's ancestors, each narrower than the one below it;
	// the top is the current one. Empty when there is no query: the view is the column's order.
	stack     []level
	spareIDs  [][]int32  // id buffers of popped levels, reused
	spareBits [][]uint64 // bitsets of popped levels, reused
	gather    []int32    // scratch for sorting few hits
}

type level struct {
	terms []string
	ids   []int32  // matching row ids, ascending in the view's column
	bits  []uint64 // the same rows as a bitset over row ids
}

// NewView returns an unfiltered view of ix sorted ascending by host.
func NewView(ix *Index) *View { return &View{ix: ix} }

// Index returns the index the view reads.
func (v *View) Index() *Index { return v.ix }

// SetIndex switches to a new index (a refresh), keeping the sort and the query.
func (v *View) SetIndex(ix *Index) {
	sameSize := ix.Len() == v.ix.Len()
	v.ix = ix
	for _, l := range v.stack {
		v.spareIDs = append(v.spareIDs, l.ids[:0])
		if sameSize {
			v.spareBits = append(v.spareBits, l.bits)
		}
	}
	if !sameSize {
		v.spareBits = nil
	}
	v.stack = v.stack[:0]
	q := v.query
	v.query, v.terms = "", nil
	v.SetQuery(q)
}

// Len is the number of rows the view shows.
func (v *View) Len() int {
	if len(v.stack) == 0 {
		return v.ix.Len()
	}
	return len(v.stack[len(v.stack)-1].ids)
}

// ID returns the row id at view position i (0 <= i < Len).
func (v *View) ID(i int) int32 {
	ids := v.ix.perms[v.col]
	if len(v.stack) > 0 {
		ids = v.stack[len(v.stack)-1].ids
	}
	if v.desc {
		return ids[len(ids)-1-i]
	}
	return ids[i]
}

// At returns the tenant at view position i.
func (v *View) At(i int) *Tenant { return v.ix.Row(v.ID(i)) }

// Position returns the view position of row id, or -1 when the filter hides it: O(1) without a
// filter, a binary search by rank with one.
func (v *View) Position(id int32) int {
	rank := v.ix.ranks[v.col]
	if id < 0 || int(id) >= len(rank) {
		return -1
	}
	r := rank[id]
	pos := int(r)
	if len(v.stack) > 0 {
		ids := v.stack[len(v.stack)-1].ids
		pos = sort.Search(len(ids), func(i int) bool { return rank[ids[i]] >= r })
		if pos == len(ids) || ids[pos] != id {
			return -1
		}
	}
	if v.desc {
		return v.Len() - 1 - pos
	}
	return pos
}

// Sort returns the sort column and direction.
func (v *View) Sort() (Column, bool) { return v.col, v.desc }

// SetSort sorts by c, descending when desc. Reversing the direction is free; a new column reorders
// the current match sets through a bitset, without matching any text again.
func (v *View) SetSort(c Column, desc bool) {
	v.desc = desc
	if c == v.col {
		return
	}
	v.col = c
	perm := v.ix.perms[c]
	for i := range v.stack {
		l := &v.stack[i]
		ids := l.ids[:0]
		for _, id := range perm {
			if l.bits[id>>6]&(1<<(id&63)) != 0 {
				ids = append(ids, id)
			}
		}
		l.ids = ids
	}
}

// Query returns the current filter text.
func (v *View) Query() string { return v.query }

// SetQuery filters the view to the rows whose search text holds every space-separated term of q,
// case-insensitively, in any column. A query that extends the previous one (more characters or more
// terms) narrows the previous matches; a shorter one returns to a kept ancestor.
func (v *View) SetQuery(q string) {
	if q == v.query {
		return
	}
	v.query = q
	terms := strings.Fields(strings.ToLower(strings.ReplaceAll(q, "\x00", "")))
	v.terms = terms
	// Drop the levels the new query does not extend.
	for len(v.stack) > 0 && !extends(terms, v.stack[len(v.stack)-1].terms) {
		v.pop()
	}
	if len(terms) == 0 {
		return
	}
	if len(v.stack) > 0 && sameTerms(terms, v.stack[len(v.stack)-1].terms) {
		return
	}
	var parent *level
	if len(v.stack) > 0 {
		parent = &v.stack[len(v.stack)-1]
	}
	v.stack = append(v.stack, v.match(parent, terms))
}

func (v *View) pop() {
	top := v.stack[len(v.stack)-1]
	v.spareIDs = append(v.spareIDs, top.ids[:0])
	v.spareBits = append(v.spareBits, top.bits)
	v.stack = v.stack[:len(v.stack)-1]
}

// extends reports whether every row matching terms also matches old: each old term is inside some new term.
func extends(terms, old []string) bool {
	for _, o := range old {
		found := false
		for _, t := range terms {
			if strings.Contains(t, o) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func sameTerms(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// buffer returns an empty slice with room for n ids: the smallest spare that fits, else a new one
// of room want (>= n).
func (v *View) buffer(n, want int) []int32 {
	best := -1
	for i, b := range v.spareIDs {
		if cap(b) >= n && (best < 0 || cap(b) < cap(v.spareIDs[best])) {
			best = i
		}
	}
	if best < 0 {
		return make([]int32, 0, max(n, want))
	}
	b := v.spareIDs[best]
	v.spareIDs[best] = v.spareIDs[len(v.spareIDs)-1]
	v.spareIDs = v.spareIDs[:len(v.spareIDs)-1]
	return b[:0]
}

// bitset returns a bitset over every row id, reused when possible; its content is undefined.
func (v *View) bitset() []uint64 {
	if n := len(v.spareBits); n > 0 {
		b := v.spareBits[n-1]
		v.spareBits = v.spareBits[:n-1]
		return b
	}
	return make([]uint64, (v.ix.Len()+63)/64)
}

// match computes the level for terms under parent (every row when nil). The candidate rows are the
// parent's bitset ANDed with every gram of every new term: N/64 word operations per gram, no text
// read. Terms of one or two plain characters are then exact; longer ones are checked in the text
// of the candidate rows only. The ids come out in the column's order: by walking the parent's ids,
// by sorting few hits by rank, or by walking the column's order.
func (v *View) match(parent *level, terms []string) level {
	ix := v.ix
	n := ix.Len()
	set := v.bitset()
	if parent != nil {
		copy(set, parent.bits)
	} else {
		for i := range set {
			set[i] = ^uint64(0)
		}
		if r := n & 63; r != 0 && len(set) > 0 {
			set[len(set)-1] = 1<<r - 1
		}
	}
	var verify [][]byte
	for _, t := range terms {
		if parent != nil && containsString(parent.terms, t) {
			continue // already true of every parent row
		}
		exact := len(t) <= 2
		if len(t) == 1 {
			c := classOf[t[0]]
			exact = exact && c != classOther
			and(set, ix.uni[c])
		}
		for i := 0; i+1 < len(t); i++ {
			c1, c2 := classOf[t[i]], classOf[t[i+1]]
			exact = exact && c1 != classOther && c2 != classOther
			k := int(c1)*numClasses + int(c2)
			if list := ix.biList[k]; list != nil {
				scratch := v.bitset()
				andList(set, list, scratch)
				v.spareBits = append(v.spareBits, scratch)
			} else {
				and(set, ix.bi[k])
			}
		}
		if !exact {
			verify = append(verify, []byte(t))
		}
	}
	hits := 0
	for w, word := range set {
		for rest := word; rest != 0; rest &= rest - 1 {
			row := w<<6 | bits.TrailingZeros64(rest)
			if len(verify) > 0 && !matchAll(ix.rowText(int32(row)), verify) {
				set[w] &^= 1 << (row & 63)
				continue
			}
			hits++
		}
	}
	l := level{terms: terms, bits: set}
	switch {
	case hits == 0:
		l.ids = v.buffer(0, 0)
	case parent != nil:
		l.ids = v.buffer(hits, len(parent.ids))
		for _, id := range parent.ids {
			if set[id>>6]&(1<<(id&63)) != 0 {
				l.ids = append(l.ids, id)
			}
		}
	case hits*32 < n:
		// Few hits: collect them and sort by rank rather than walk every row.
		rank := ix.ranks[v.col]
		g := v.gather[:0]
		for w, word := range set {
			for rest := word; rest != 0; rest &= rest - 1 {
				g = append(g, int32(w<<6|bits.TrailingZeros64(rest)))
			}
		}
		slices.SortFunc(g, func(a, b int32) int { return int(rank[a] - rank[b]) })
		l.ids = append(v.buffer(hits, n), g...)
		v.gather = g
	default:
		l.ids = v.buffer(hits, n)
		for _, id := range ix.perms[v.col] {
			if set[id>>6]&(1<<(id&63)) != 0 {
				l.ids = append(l.ids, id)
				if len(l.ids) == hits {
					break
				}
			}
		}
	}
	return l
}

// and intersects dst with b; a nil b (a gram no row has) empties dst.
func and(dst, b []uint64) {
	if b == nil {
		clear(dst)
		return
	}
	for i := range dst {
		dst[i] &= b[i]
	}
}

// andList intersects dst with the rows in list (sorted ids), using scratch (any content) as room.
func andList(dst []uint64, list []int32, scratch []uint64) {
	clear(scratch)
	for _, id := range list {
		if dst[id>>6]&(1<<(id&63)) != 0 {
			scratch[id>>6] |= 1 << (id & 63)
		}
	}
	copy(dst, scratch)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func matchAll(text []byte, terms [][]byte) bool {
	for _, t := range terms {
		if !bytes.Contains(text, t) {
			return false
		}
	}
	return true
}

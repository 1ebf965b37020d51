package dict

import "sync"

// A boundedCache maps strings to values, safe for concurrent use, holding at
// most about twice its budget of weight: entries go into a current
// generation, which becomes the previous one when its weight reaches the
// budget, dropping the one before. A hit in the previous generation moves
// the entry to the current one, so what is used often stays.
type boundedCache[V any] struct {
	mu         sync.Mutex
	cur, prev  map[string]cacheEntry[V]
	weight     int // of cur
	budget     int
	maxWeighed int // entries heavier than this are not cached
}

type cacheEntry[V any] struct {
	v      V
	weight int
}

func newBoundedCache[V any](budget, maxEntryWeight int) *boundedCache[V] {
	return &boundedCache[V]{cur: map[string]cacheEntry[V]{}, budget: budget, maxWeighed: maxEntryWeight}
}

// get returns the value cached for k.
func (c *boundedCache[V]) get(k string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.cur[k]; ok {
		return e.v, true
	}
	if e, ok := c.prev[k]; ok {
		delete(c.prev, k)
		c.addLocked(k, e)
		return e.v, true
	}
	var zero V
	return zero, false
}

// put caches v for k, which it keeps: k must not share memory with a larger
// string that the cache should not hold on to (see strings.Clone).
func (c *boundedCache[V]) put(k string, v V, weight int) {
	if weight > c.maxWeighed {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[k]; !ok {
		c.addLocked(k, cacheEntry[V]{v, weight})
	}
}

func (c *boundedCache[V]) addLocked(k string, e cacheEntry[V]) {
	if c.weight+e.weight > c.budget {
		c.prev, c.cur, c.weight = c.cur, make(map[string]cacheEntry[V], len(c.cur)), 0
	}
	c.cur[k] = e
	c.weight += e.weight
}

package edge

// duplicateKey reports the first key that appears twice in one object
// anywhere inside raw, a valid JSON value. Objects with few keys are checked
// by a linear scan, which allocates nothing beyond the key list.
func duplicateKey(raw []byte) (string, bool) {
	switch kindOf(raw) {
	case kindObject:
		return duplicateInObject(raw)
	case kindArray:
		e := openArray(raw)
		for e.next() {
			if key, dup := duplicateKey(e.val); dup {
				return key, true
			}
		}
	}
	return "", false
}

func duplicateInObject(raw []byte) (string, bool) {
	m, _ := openObject(raw)
	var keys []string
	var set map[string]struct{}
	for m.next() {
		key := string(m.name())
		if seenKey(key, keys, set) {
			return shorten([]byte(key)), true
		}
		if set == nil && len(keys) < 16 {
			keys = append(keys, key)
		} else {
			set = promote(set, keys)
			set[key] = struct{}{}
		}
		if key, dup := duplicateKey(m.val); dup {
			return key, true
		}
	}
	return "", false
}

func seenKey(key string, keys []string, set map[string]struct{}) bool {
	if set != nil {
		_, ok := set[key]
		return ok
	}
	for _, k := range keys {
		if k == key {
			return true
		}
	}
	return false
}

// promote moves a long key list into a map, once.
func promote(set map[string]struct{}, keys []string) map[string]struct{} {
	if set != nil {
		return set
	}
	set = make(map[string]struct{}, 2*len(keys))
	for _, k := range keys {
		set[k] = struct{}{}
	}
	return set
}

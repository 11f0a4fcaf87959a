package jsonscan

// DuplicateKey reports the first key, unescaped, that appears twice in one
// object anywhere inside raw, a valid JSON value; parsers disagree on which
// copy wins. Objects with few keys are checked by a linear scan, which
// allocates nothing beyond the key list.
func DuplicateKey(raw []byte) (string, bool) {
	switch KindOf(raw) {
	case Object:
		return duplicateInObject(raw)
	case Array:
		e := openArray(raw)
		for e.next() {
			if key, dup := DuplicateKey(e.val); dup {
				return key, true
			}
		}
	}
	return "", false
}

func duplicateInObject(raw []byte) (string, bool) {
	m, _ := OpenObject(raw)
	var keys []string
	var set map[string]struct{}
	for m.Next() {
		key := string(m.Name())
		if seenKey(key, keys, set) {
			return key, true
		}
		if set == nil && len(keys) < 16 {
			keys = append(keys, key)
		} else {
			set = promote(set, keys)
			set[key] = struct{}{}
		}
		if key, dup := DuplicateKey(m.val); dup {
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

package rates

import "strings"

// StdinSource is the source of rates imported from standard input.
const StdinSource = "ecb-import:stdin"

// FileSource is the source recorded with the rates of an imported file:
// its name without the directories. The source travels with every rate and
// every conversion made with it, to anyone who reads GET /convert/{id} or
// the topics, so it names the file the ECB published, never where the
// operator kept it. Both separators are cut, since a path may come from
// another system than the one running the importer.
func FileSource(path string) string {
	base := path[strings.LastIndexAny(path, `/\`)+1:]
	if base == "" {
		base = "file"
	}
	return "ecb-import:" + base
}

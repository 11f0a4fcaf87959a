package domain

// LogChange is one status change of the stream of every change (GET
// /transactions/events), with the cursor from which a reader resumes
// after it.
type LogChange struct {
	Entry  LogEntry
	Cursor string
}

// LogChanges is one read of that stream: the changes, and the cursor after
// all of them (and after the changes of other statuses passed over).
type LogChanges struct {
	Changes []LogChange
	Next    string
}

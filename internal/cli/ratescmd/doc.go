// Package ratescmd is "txstream rates import": it reads a file of ECB
// reference rates, refuses it whole if any rate is bad or dated ahead, and
// publishes every rate to the rates topic, which it creates if missing.
//
// It owns the import's steps and what it tells the operator. It touches
// only the rates topic: the rates processor decides which rate is the
// newest (streams/rates), and the other topics are the running process's
// business, so no setting of theirs applies here. It reads no flag or
// environment variable: cmd/txstream fills a Config from the settings
// table, Security included (its clients log in as the processes do:
// streams.Security).
package ratescmd

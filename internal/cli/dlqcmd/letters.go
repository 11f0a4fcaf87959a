package dlqcmd

import (
	"context"

	"github.com/txstream/txstream/streams/dlq"
)

// Letters reads the dead-letter topic up to its current end with the
// client dlq list uses: for the operator console, which shows what dlq
// list prints and replays through Replay.
func Letters(ctx context.Context, k Kafka) (*dlq.Log, error) {
	cl, log, err := k.read(ctx)
	if err != nil {
		return nil, err
	}
	cl.Close()
	return log, nil
}

// ShowKey is a key as dlq list prints it: one line, unprintable bytes
// escaped, cut after a few dozen characters.
func ShowKey(k []byte) string { return showKey(k) }

// ShowError is a dead letter's error as dlq list prints it.
func ShowError(e string) string { return printable([]byte(e), errorWidth) }

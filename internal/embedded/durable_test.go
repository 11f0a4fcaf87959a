package embedded

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// response is a response frame to the request with correlation id corr.
func response(corr int32, body ...byte) []byte {
	payload := append(binary.BigEndian.AppendUint32(nil, uint32(corr)), body...)
	return append(frame(payload...), payload...)
}

// TestDurableConnHoldsAcknowledgements: the response to a produce request
// is written only once a sync started after it, while the response to a
// metadata request goes out at once.
func TestDurableConnHoldsAcknowledgements(t *testing.T) {
	b := newBlockingSync()
	g := newGroupCommit(b.sync)
	defer g.close()
	client, server := net.Pipe()
	defer client.Close()
	conn := durableListenerConn(server, g)
	defer conn.Close()

	go func() {
		_, _ = client.Write(request(kmsg.Metadata.Int16(), 1))
		_, _ = client.Write(request(kmsg.Produce.Int16(), 2, 1, 2, 3))
	}()
	readRequests(t, conn, 2)

	go func() { _, _ = conn.Write(response(1, 9)) }()
	if corr := readResponse(client); corr != 1 {
		t.Fatalf("first response: correlation id %d, want 1", corr)
	}
	written := make(chan error, 1)
	go func() { _, err := conn.Write(response(2, 9)); written <- err }()
	received := make(chan int32, 1)
	go func() { received <- readResponse(client) }()
	select {
	case <-b.started: // the produce response waits for this sync
	case corr := <-received:
		t.Fatalf("response %d received without a sync", corr)
	}
	select {
	case corr := <-received:
		t.Fatalf("response %d received before its sync finished", corr)
	default:
	}
	b.finish <- nil
	if corr := <-received; corr != 2 {
		t.Fatalf("second response: correlation id %d, want 2", corr)
	}
	if err := <-written; err != nil {
		t.Fatalf("write after the sync: %v", err)
	}
}

// TestDurableConnClosesWhenNotDurable: a produce response whose sync
// failed is never written; the connection is closed instead.
func TestDurableConnClosesWhenNotDurable(t *testing.T) {
	b := newBlockingSync()
	g := newGroupCommit(b.sync)
	defer g.close()
	client, server := net.Pipe()
	defer client.Close()
	conn := durableListenerConn(server, g)
	go func() { _, _ = client.Write(request(kmsg.Produce.Int16(), 5)) }()
	readRequests(t, conn, 1)
	written := make(chan error, 1)
	go func() { _, err := conn.Write(response(5)); written <- err }()
	<-b.started
	b.finish <- ErrNotDurable
	if err := <-written; err == nil {
		t.Fatal("the response was written although its sync failed")
	}
	if _, err := client.Read(make([]byte, 1)); err == nil {
		t.Fatal("the client read a byte of a response that is not durable")
	}
}

// durableListenerConn wraps one side of a pipe as the listener would.
func durableListenerConn(c net.Conn, g *groupCommit) net.Conn {
	l := durableListener{Listener: oneConn{c}, commit: g}
	conn, _ := l.Accept()
	return conn
}

// oneConn is a listener that hands out one connection.
type oneConn struct{ c net.Conn }

func (l oneConn) Accept() (net.Conn, error) { return l.c, nil }
func (l oneConn) Close() error              { return nil }
func (l oneConn) Addr() net.Addr            { return l.c.LocalAddr() }

func readRequests(t *testing.T, conn net.Conn, n int) {
	t.Helper()
	for range n {
		size := make([]byte, 4)
		if _, err := io.ReadFull(conn, size); err != nil {
			t.Fatalf("read request: %v", err)
		}
		if _, err := io.ReadFull(conn, make([]byte, binary.BigEndian.Uint32(size))); err != nil {
			t.Fatalf("read request: %v", err)
		}
	}
}

// readResponse reads one response frame and returns its correlation id,
// -1 when it could not.
func readResponse(conn net.Conn) int32 {
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	head := make([]byte, 8)
	if _, err := io.ReadFull(conn, head); err != nil {
		return -1
	}
	if _, err := io.ReadFull(conn, make([]byte, binary.BigEndian.Uint32(head[:4])-4)); err != nil {
		return -1
	}
	return int32(binary.BigEndian.Uint32(head[4:]))
}

// TestKafkaWithDataDirSyncsAcknowledgements: through the wrapped listener
// the broker still speaks Kafka to a real client, every produce
// acknowledgement went through a group commit, and the records are there
// after a restart on the same directory.
func TestKafkaWithDataDirSyncsAcknowledgements(t *testing.T) {
	dir := t.TempDir()
	k, err := StartKafka(KafkaConfig{DataDir: dir, Partitions: 3})
	if err != nil {
		t.Fatal(err)
	}
	if k.commit == nil {
		t.Skip("no syncfs on this platform: kfake fsyncs every batch itself")
	}
	const records = 50
	produce(t, k.Brokers, records)
	syncs := k.commit.syncs.Load()
	if syncs == 0 {
		t.Fatal("records acknowledged without a sync")
	}
	k.Close()

	again, err := StartKafka(KafkaConfig{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := consume(t, again.Brokers, records); got != records {
		t.Fatalf("%d of %d acknowledged records after the restart", got, records)
	}
	t.Logf("%d records acknowledged with %d syncs", records, syncs)
}

func produce(t *testing.T, brokers []string, n int) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic("durable"), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{Key: []byte{byte(i)}, Value: []byte("acknowledged")}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("produce: %v", err)
	}
}

func consume(t *testing.T, brokers []string, want int) int {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics("durable"))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := 0
	for got < want && ctx.Err() == nil {
		got += cl.PollFetches(ctx).NumRecords()
	}
	return got
}

package integration

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/IBM/sarama"
)

// kafkaWatch reads from the broker what the groups of a cluster look like:
// which member owns which partitions, and how far each group's committed
// offsets trail its input partitions. It is the test's independent view;
// the processes' own metrics are checked against it.
type kafkaWatch struct {
	client     sarama.Client
	admin      sarama.ClusterAdmin
	inputs     map[string][]string // group -> input topics
	partitions map[string]int      // group -> partitions of each of its inputs
}

func watchKafka(t *testing.T, brokers []string, inputs map[string][]string, partitions map[string]int) *kafkaWatch {
	t.Helper()
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V2_8_0_0
	cfg.ClientID = "txstream-it-watch"
	cfg.Net.DialTimeout = 2 * time.Second
	cfg.Net.ReadTimeout = 5 * time.Second
	cfg.Metadata.Retry.Max = 1
	cfg.Metadata.Retry.Backoff = 100 * time.Millisecond
	cfg.Admin.Timeout = 5 * time.Second
	client, err := sarama.NewClient(brokers, cfg)
	if err != nil {
		t.Fatalf("kafka client: %v", err)
	}
	admin, err := sarama.NewClusterAdminFromClient(client)
	if err != nil {
		_ = client.Close()
		t.Fatalf("kafka admin: %v", err)
	}
	t.Cleanup(func() { _ = admin.Close() })
	return &kafkaWatch{client: client, admin: admin, inputs: inputs, partitions: partitions}
}

// groupView is one group as the broker describes it.
type groupView struct {
	state string
	owned map[string]int // client id (the process's name) -> partitions owned
}

// total is the number of partitions assigned to anyone.
func (g groupView) total() int {
	n := 0
	for _, p := range g.owned {
		n += p
	}
	return n
}

func (g groupView) String() string {
	keys := slices.Sorted(maps.Keys(g.owned))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, g.owned[k])
	}
	return g.state + "[" + strings.Join(parts, " ") + "]"
}

// groups describes every group of the cluster.
func (k *kafkaWatch) groups() (map[string]groupView, error) {
	descs, err := k.admin.DescribeConsumerGroups(slices.Sorted(maps.Keys(k.inputs)))
	if err != nil {
		return nil, fmt.Errorf("describe groups: %w", err)
	}
	out := map[string]groupView{}
	for _, d := range descs {
		v := groupView{state: d.State, owned: map[string]int{}}
		for _, m := range d.Members {
			a, err := m.GetMemberAssignment()
			if err != nil {
				return nil, fmt.Errorf("assignment of %s in %s: %w", m.ClientId, d.GroupId, err)
			}
			v.owned[m.ClientId] += distinctPartitions(a)
		}
		out[d.GroupId] = v
	}
	return out, nil
}

// distinctPartitions counts partitions: a group with two co-partitioned
// inputs gets each partition number once per topic.
func distinctPartitions(a *sarama.ConsumerGroupMemberAssignment) int {
	if a == nil {
		return 0
	}
	seen := map[int32]bool{}
	for _, ps := range a.Topics {
		for _, p := range ps {
			seen[p] = true
		}
	}
	return len(seen)
}

// spread reports whether every group is stable, has exactly the members
// named, all partitions assigned, and as many members owning some as there
// are partitions to go round (every member, unless the group has fewer
// partitions than members, as the rates group has).
func (k *kafkaWatch) spread(views map[string]groupView, members []string) bool {
	for group := range k.inputs {
		v, ok := views[group]
		if !ok || v.state != "Stable" || len(v.owned) != len(members) || v.total() != k.partitions[group] {
			return false
		}
		working := 0
		for _, m := range members {
			if v.owned[m] > 0 {
				working++
			}
		}
		if working != min(len(members), k.partitions[group]) {
			return false
		}
	}
	return true
}

// lag is, per group, the records of its input partitions not committed
// yet: high watermark minus committed offset, summed.
func (k *kafkaWatch) lag() (map[string]int64, error) {
	hwm, err := k.highWatermarks()
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for group, topics := range k.inputs {
		req := map[string][]int32{}
		for _, topic := range topics {
			req[topic] = k.partitionList(group)
		}
		resp, err := k.admin.ListConsumerGroupOffsets(group, req)
		if err != nil {
			return nil, fmt.Errorf("committed offsets of %s: %w", group, err)
		}
		for _, topic := range topics {
			for _, p := range k.partitionList(group) {
				committed := int64(0)
				if b := resp.GetBlock(topic, p); b != nil && b.Offset > 0 {
					committed = b.Offset
				}
				out[group] += max(hwm[topic][p]-committed, 0)
			}
		}
	}
	return out, nil
}

func (k *kafkaWatch) partitionList(group string) []int32 {
	ps := make([]int32, k.partitions[group])
	for i := range ps {
		ps[i] = int32(i)
	}
	return ps
}

// highWatermarks asks each partition leader for the end offsets, one
// request per leader. A failure refreshes the client's metadata: sarama
// keeps the leaders it knows for ten minutes (Metadata.RefreshFrequency),
// and after a broker of a cluster dies or restarts the next poll must ask
// the new leaders.
func (k *kafkaWatch) highWatermarks() (map[string]map[int32]int64, error) {
	out, err := k.askLeaders()
	if err != nil {
		_ = k.client.RefreshMetadata()
	}
	return out, err
}

func (k *kafkaWatch) askLeaders() (map[string]map[int32]int64, error) {
	reqs := map[*sarama.Broker]*sarama.OffsetRequest{}
	for group, topics := range k.inputs {
		for _, topic := range topics {
			for _, p := range k.partitionList(group) {
				leader, err := k.client.Leader(topic, p)
				if err != nil {
					return nil, fmt.Errorf("leader of %s/%d: %w", topic, p, err)
				}
				if reqs[leader] == nil {
					reqs[leader] = sarama.NewOffsetRequest(sarama.V2_8_0_0)
				}
				reqs[leader].AddBlock(topic, p, sarama.OffsetNewest, 1)
			}
		}
	}
	out := map[string]map[int32]int64{}
	for broker, req := range reqs {
		resp, err := broker.GetAvailableOffsets(req)
		if err != nil {
			return nil, fmt.Errorf("high watermarks from %s: %w", broker.Addr(), err)
		}
		for topic, blocks := range resp.Blocks {
			if out[topic] == nil {
				out[topic] = map[int32]int64{}
			}
			for p, b := range blocks {
				if b.Err != sarama.ErrNoError {
					return nil, fmt.Errorf("high watermark of %s/%d: %w", topic, p, b.Err)
				}
				out[topic][p] = b.Offset
			}
		}
	}
	return out, nil
}

// totalLag sums the groups' lag; -1 when the broker could not be read.
func (k *kafkaWatch) totalLag() int64 {
	lag, err := k.lag()
	if err != nil {
		return -1
	}
	var n int64
	for _, l := range lag {
		n += l
	}
	return n
}

// describeLag is the per-group lag for messages.
func describeLag(lag map[string]int64) string {
	keys := make([]string, 0, len(lag))
	for k := range lag {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, lag[k])
	}
	return strings.Join(parts, " ")
}

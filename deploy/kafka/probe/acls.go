package main

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

type grant struct {
	resource kmsg.ACLResourceType
	name     string
	pattern  kmsg.ACLResourcePatternType
	ops      []kmsg.ACLOperation
}

// txstreamACLs is everything txstream's processes do on a broker, on the
// topics, groups and transactional ids that start with prefix: goka's
// processors and views, the kgo producer and the edge's readers create,
// describe, read and write their topics (DescribeConfigs: goka checks a
// table's cleanup policy), join their groups and commit, and produce
// idempotently (IdempotentWrite on the cluster). Nothing else: other topics
// answer TOPIC_AUTHORIZATION_FAILED, and no ACL may be changed.
func txstreamACLs(user, prefix string) []kmsg.CreateACLsRequestCreation {
	grants := []grant{
		{kmsg.ACLResourceTypeTopic, prefix, kmsg.ACLResourcePatternTypePrefixed, []kmsg.ACLOperation{
			kmsg.ACLOperationRead, kmsg.ACLOperationWrite, kmsg.ACLOperationCreate,
			kmsg.ACLOperationDescribe, kmsg.ACLOperationDescribeConfigs,
		}},
		{kmsg.ACLResourceTypeGroup, prefix, kmsg.ACLResourcePatternTypePrefixed, []kmsg.ACLOperation{
			kmsg.ACLOperationRead, kmsg.ACLOperationDescribe,
		}},
		{kmsg.ACLResourceTypeTransactionalId, prefix, kmsg.ACLResourcePatternTypePrefixed, []kmsg.ACLOperation{
			kmsg.ACLOperationWrite, kmsg.ACLOperationDescribe,
		}},
		{kmsg.ACLResourceTypeCluster, "kafka-cluster", kmsg.ACLResourcePatternTypeLiteral, []kmsg.ACLOperation{
			kmsg.ACLOperationIdempotentWrite,
		}},
	}
	var out []kmsg.CreateACLsRequestCreation
	for _, g := range grants {
		for _, op := range g.ops {
			c := kmsg.NewCreateACLsRequestCreation()
			c.ResourceType, c.ResourceName, c.ResourcePatternType = g.resource, g.name, g.pattern
			c.Principal, c.Host = "User:"+user, "*"
			c.Operation, c.PermissionType = op, kmsg.ACLPermissionTypeAllow
			out = append(out, c)
		}
	}
	return out
}

func createACLs(ctx context.Context, cl *kgo.Client, creations []kmsg.CreateACLsRequestCreation) error {
	req := kmsg.NewPtrCreateACLsRequest()
	req.Creations = creations
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return fmt.Errorf("create acls: %w", err)
	}
	for i, r := range resp.Results {
		if e := kerr.ErrorForCode(r.ErrorCode); e != nil {
			c := creations[i]
			return fmt.Errorf("acl %s %s %s %s: %w", c.Principal, c.Operation, c.ResourceType, c.ResourceName, e)
		}
	}
	return nil
}

package streams

import (
	"crypto/sha256"
	"crypto/sha512"

	"github.com/IBM/sarama"
	"github.com/xdg-go/scram"
)

// sarama writes Security into a sarama configuration: every goka client
// (processors, views, emitters, topic managers) and KafkaOffsets read
// theirs from Config.Sarama, which calls it.
func (s Security) sarama(sc *sarama.Config) {
	if s.TLS != nil {
		sc.Net.TLS.Enable = true
		sc.Net.TLS.Config = s.TLS
	}
	if s.SASL.Mechanism == SASLNone {
		return
	}
	sc.Net.SASL.Enable = true
	sc.Net.SASL.Handshake = true
	sc.Net.SASL.Version = sarama.SASLHandshakeV1
	sc.Net.SASL.Mechanism = sarama.SASLMechanism(s.SASL.Mechanism)
	sc.Net.SASL.User = s.SASL.User
	sc.Net.SASL.Password = s.SASL.Password.Reveal()
	switch s.SASL.Mechanism {
	case SASLScramSHA256:
		sc.Net.SASL.SCRAMClientGeneratorFunc = scramClient(scram.HashGeneratorFcn(sha256.New))
	case SASLScramSHA512:
		sc.Net.SASL.SCRAMClientGeneratorFunc = scramClient(scram.HashGeneratorFcn(sha512.New))
	}
}

// scramClient gives sarama a SCRAM conversation per login; sarama has the
// SCRAM message exchange but not the client (its own examples use
// xdg-go/scram, as here).
func scramClient(hash scram.HashGeneratorFcn) func() sarama.SCRAMClient {
	return func() sarama.SCRAMClient { return &saramaSCRAM{hash: hash} }
}

// saramaSCRAM is sarama.SCRAMClient over xdg-go/scram.
type saramaSCRAM struct {
	hash scram.HashGeneratorFcn
	conv *scram.ClientConversation
}

func (c *saramaSCRAM) Begin(user, password, authzID string) error {
	client, err := c.hash.NewClient(user, password, authzID)
	if err != nil {
		return err
	}
	c.conv = client.NewConversation()
	return nil
}

func (c *saramaSCRAM) Step(challenge string) (string, error) { return c.conv.Step(challenge) }

func (c *saramaSCRAM) Done() bool { return c.conv.Done() }

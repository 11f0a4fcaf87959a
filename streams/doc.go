// Package streams owns txstream's Kafka side: the goka group graphs of the
// transactions, conversions, status-log and rates processors (one
// subpackage each), the JSON codecs of every topic and table, the topic and
// client configuration, the views through which the edge reads tables and
// the one client that fetches for them (ViewConsumer, a sarama.Consumer on
// franz-go), and the producer (franz-go's kgo client, see producer.go for why not goka's
// emitter) through which it writes events. It also owns the dead-letter
// format (deadletter.go: header names and reasons, which tools import) and
// the two ways a record reaches the dead-letter topic: an input record
// refused in a processor's callback (DeadLetters), a table record refused
// while its owner recovers it (TableGuard).
//
// Every client reaches the brokers as Config.Security says (security.go):
// TLS and a SASL login (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), written
// into the one sarama configuration every goka client is built from
// (Config.Sarama) and into the options every kgo client starts from
// (ClientOptions, under ProducerOptions and the view consumer's options). A client built another way
// would reach a secured broker as a stranger and be refused. The
// password is a credential.Password and never prints.
//
// The topics and tables are created through goka's topic manager
// (EnsureTopics, EnsureWebhookTopics, EnsureTables); PermanentAdminError
// tells their failures that waiting cannot fix (a mismatch, a refused
// login or ACL, a TLS failure) from a broker that is down, which the
// caller may retry.
//
// The tables in Kafka are the source of truth; nothing here keeps state that
// Kafka cannot rebuild. It may not import edge, actors or metrics: they are
// told what happens through the Observer interface and read through views.
package streams

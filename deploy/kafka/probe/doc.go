// Command probe is kafka.sh's helper for the test broker: it finds free
// loopback ports for the broker's listeners, and it checks that a broker
// answers real requests (ApiVersions, then Metadata naming a live broker and
// a controller), so the script waits on the broker's state, never on a
// fixed sleep.
//
//	probe ports N                  print N free loopback ports, one a line
//	probe ready -brokers H:P[,..]  exit 0 when the brokers serve requests
//
// It owns no state and touches nothing but the sockets it opens.
package main

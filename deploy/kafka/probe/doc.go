// Command probe is kafka.sh's helper for the test broker: it finds free
// loopback ports for the broker's listeners, and it checks that a broker
// answers real requests (ApiVersions, then Metadata naming a live broker and
// a controller), so the script waits on the broker's state, never on a
// fixed sleep.
//
//	probe ports N                  print N free loopback ports, one a line
//	probe ready -brokers H:P[,..]  exit 0 when the brokers serve requests
//	probe pki -dir DIR             write a test CA, server and client (PEM)
//	probe setup -brokers H:P ...   as the admin: SCRAM-SHA-512 credentials
//	                               (-scram USER=PASSWORD_FILE) and txstream's
//	                               ACLs (-acl-user U -acl-prefix P)
//
// ready and setup reach a SASL_SSL listener with -tls-ca CA_FILE
// -sasl-mechanism PLAIN|SCRAM-SHA-512 -sasl-user U -sasl-password-file F;
// passwords are only ever read from files.
//
// It owns no state and touches nothing but the sockets it opens and the
// directory given to pki.
package main

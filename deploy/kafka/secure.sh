# secure.sh: kafka.sh's SASL_SSL mode (KAFKA_SECURITY=sasl_ssl), sourced by
# kafka.sh. The broker's client listener speaks SASL_SSL (SCRAM-SHA-512 and
# PLAIN) with a certificate from a throwaway CA (probe pki, which is
# internal/testenv/pki); its controller listener takes the admin alone, over
# SASL PLAIN on loopback; the StandardAuthorizer refuses whatever no ACL
# allows. Two users: KAFKA_SASL_ADMIN_USER (admin, a super user: the broker
# itself and the setup) and KAFKA_SASL_USER (txstream, which may do what
# txstream does on topics, groups and transactional ids that start with
# KAFKA_ACL_PREFIX). Passwords are random, in 0600 files under
# $STATE/secrets, and in server.properties (0600), never on a command line.
# shellcheck shell=bash

ADMIN_USER="admin"
CLIENT_USER="txstream"
ACL_PREFIX="${KAFKA_ACL_PREFIX:-txstream}"

secrets_dir() { echo "$STATE/secrets"; }

# make_secrets writes the PKI and one random password per user.
make_secrets() {
	local dir
	dir="$(secrets_dir)"
	(umask 077 && mkdir -p "$dir")
	"$PROBE" pki -dir "$dir/pki" >/dev/null || die "cannot write the test PKI (probe pki)"
	new_password "$dir/$ADMIN_USER.password"
	new_password "$dir/$CLIENT_USER.password"
}

new_password() {
	(umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$1")
}

password_of() { cat "$(secrets_dir)/$1.password"; }

# plain_jaas is a PLAIN login for the broker (as the admin) that accepts the
# given users with their passwords.
plain_jaas() {
	local u line
	line="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ADMIN_USER\" password=\"$(password_of "$ADMIN_USER")\""
	for u in "$@"; do
		line+=" user_$u=\"$(password_of "$u")\""
	done
	echo "$line;"
}

# secure_listeners prints the listener part of server.properties.
secure_listeners() {
	local port="$1" cport="$2" dir
	dir="$(secrets_dir)/pki"
	cat <<EOP
listeners=SASL_SSL://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=SASL_SSL://127.0.0.1:$port
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
sasl.mechanism.inter.broker.protocol=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_ssl.plain.sasl.jaas.config=$(plain_jaas "$ADMIN_USER" "$CLIENT_USER")
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=$(plain_jaas "$ADMIN_USER")
# PEM files straight from internal/testenv/pki: no keytool, no store password.
ssl.keystore.type=PEM
ssl.keystore.location=$dir/server-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$dir/ca.pem
ssl.client.auth=none
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$ADMIN_USER
EOP
}

# secure_env prints the lines a client needs, for kafka.env.
secure_env() {
	local port="$1" dir
	dir="$(secrets_dir)"
	cat <<EOE
KAFKA_SECURITY=sasl_ssl
KAFKA_SASL_SSL_BROKERS=127.0.0.1:$port
KAFKA_TLS_CA_FILE=$dir/pki/ca.pem
KAFKA_SASL_ADMIN_USER=$ADMIN_USER
KAFKA_SASL_ADMIN_PASSWORD_FILE=$dir/$ADMIN_USER.password
KAFKA_SASL_USER=$CLIENT_USER
KAFKA_SASL_PASSWORD_FILE=$dir/$CLIENT_USER.password
KAFKA_ACL_PREFIX=$ACL_PREFIX
EOE
}

# login sets LOGIN to the probe's flags that log in as user with mechanism.
login() {
	local user="$1" mechanism="$2" dir
	dir="$(secrets_dir)"
	LOGIN=(-tls-ca "$dir/pki/ca.pem" -sasl-mechanism "$mechanism" -sasl-user "$user" -sasl-password-file "$dir/$user.password")
}

# secure_setup gives both users SCRAM-SHA-512 credentials and the client user
# its ACLs, as the admin over PLAIN (no SCRAM credential exists yet), then
# waits until the client user can log in with SCRAM (the credential is
# metadata the broker applies a moment later), so that up returns only once
# the credentials it prints work.
secure_setup() {
	local brokers="$1" dir
	dir="$(secrets_dir)"
	login "$ADMIN_USER" PLAIN
	"$PROBE" setup -brokers "$brokers" "${LOGIN[@]}" \
		-scram "$ADMIN_USER=$dir/$ADMIN_USER.password" -scram "$CLIENT_USER=$dir/$CLIENT_USER.password" \
		-acl-user "$CLIENT_USER" -acl-prefix "$ACL_PREFIX" >"$STATE/setup.out" 2>&1 || {
		cat "$STATE/setup.out" >&2
		stop_pid "$(pid_of)"
		die "cannot create the SCRAM credentials and ACLs (probe setup); the broker is stopped"
	}
	login "$CLIENT_USER" SCRAM-SHA-512
	wait_ready "$brokers" "${LOGIN[@]}"
	log "users $ADMIN_USER (super user) and $CLIENT_USER (ACLs on prefix $ACL_PREFIX) log in with SCRAM-SHA-512"
}

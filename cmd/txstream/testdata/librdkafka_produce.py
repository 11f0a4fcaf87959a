#!/usr/bin/env python3
"""Produce one record with librdkafka, as a third-party client would.

    librdkafka_produce.py BROKERS TOPIC KEY VALUE [PARTITION]

Uses Kafka's standard key partitioner (partitioner=murmur2_random, the Java
client's and txstream's) unless PARTITION names one explicitly. Prints the
partition the record was written to; exits 1 when it was not acknowledged.
"""
import sys

from confluent_kafka import Producer


def main(argv):
    brokers, topic, key, value = argv[1:5]
    producer = Producer({
        "bootstrap.servers": brokers,
        "partitioner": "murmur2_random",
        "acks": "all",
        "enable.idempotence": True,
    })
    delivered = []

    def report(err, msg):
        delivered.append((err, msg))

    kwargs = {"key": key.encode(), "value": value.encode(), "on_delivery": report}
    if len(argv) > 5:
        kwargs["partition"] = int(argv[5])
    producer.produce(topic, **kwargs)
    left = producer.flush(30)
    if left or not delivered or delivered[0][0] is not None:
        err = delivered[0][0] if delivered else "no delivery report"
        print(f"not acknowledged: {err}", file=sys.stderr)
        return 1
    print(delivered[0][1].partition())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

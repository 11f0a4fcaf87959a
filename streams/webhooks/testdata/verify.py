"""Verifies webhook requests with the standardwebhooks package (PyPI), an
implementation independent of txstream's.

Reads a JSON array of cases from the file named by argv[1], each
{"secret": "whsec_...", "headers": {...}, "body": "...", "valid": bool},
and prints one line per case: "ok" when the verdict is the expected one,
else "WRONG <index>". Exits 1 if any verdict is wrong.
"""
import json
import sys

from standardwebhooks.webhooks import Webhook


def verdict(case):
    try:
        Webhook(case["secret"]).verify(case["body"].encode(), case["headers"])
        return True
    except Exception:  # the package raises WebhookVerificationError
        return False


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    wrong = 0
    for i, case in enumerate(cases):
        if verdict(case) == case["valid"]:
            print("ok")
        else:
            print("WRONG", i)
            wrong += 1
    sys.exit(1 if wrong else 0)


main()

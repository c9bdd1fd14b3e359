"""python -m ceasefire_verify --url URL --token TOKEN --public-key key.pem --heads heads.json"""

import argparse
import json
import sys
from pathlib import Path

from .check import Client, load_public_keys, verify


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="ceasefire_verify",
        description="Check the mechanism's signed log heads and proofs; exit 1 on the first "
        "inconsistency.",
    )
    parser.add_argument("--url", required=True, help="the mechanism, e.g. https://host")
    parser.add_argument("--token", required=True, help="your API token")
    parser.add_argument(
        "--public-key",
        action="append",
        required=True,
        help="a public key file (PEM or raw base64); repeat for retired keys",
    )
    parser.add_argument("--heads", help="heads kept from earlier runs (JSON list)")
    parser.add_argument("--save-heads", help="write the heads verified now here")
    parser.add_argument("--events", help="comma-separated sequences to check (default: all)")
    args = parser.parse_args(argv)

    keys = load_public_keys([Path(p).read_text() for p in args.public_key])
    kept = []
    if args.heads and Path(args.heads).exists():
        kept = json.loads(Path(args.heads).read_text())
    events = [int(s) for s in args.events.split(",")] if args.events else None

    result = verify(Client(args.url, args.token), keys, kept, events=events)
    if not result.ok:
        print(f"INCONSISTENT: {result.message}")
        return 1
    if args.save_heads:
        seen = {(h["tree_size"], h["root_hash"], h["timestamp"]): h for h in [*kept, *result.heads]}
        Path(args.save_heads).write_text(json.dumps(list(seen.values()), indent=2))
    print(f"consistent ({len(result.heads)} heads, {result.events_checked} events checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

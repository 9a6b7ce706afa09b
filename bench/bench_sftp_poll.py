"""SFTP mailbox pick-up and delivery of 1,000 files against OpenSSH's own ``sftp -b``.

A real sshd on 127.0.0.1 (``integration_core/tests/servers.py``) serves an inbox of N files of
5 KB. In each round, same run, same server:

* **poll**: the hub's poll of an inbound flow (``integration.transport.sftp._poll``): each
  file read, stored as an inbound message with its ledger row, committed, moved to the
  archive directory and marked done (exactly once, as in production), timed end to end;
* **reference**: OpenSSH's ``sftp -b`` fetching the same N files to a local directory
  (``get``), one session;
* **deliver**: N outbound messages sent through the SFTP transport's ``_send`` (temporary
  name, rename into place, never overwriting), against ``sftp -b`` putting the same N files.

The flow has a ready suffix (``.part``): a file is taken as soon as it is listed, without the
two-second second look of flows without one. It prints ratios only (reference time / hub
time: 1.0 means as fast as OpenSSH; absolute times, machine-dependent, stay in the JSON
results), target >= 0.5 for the poll, and the load average at the start: measure on a quiet
machine (load < 1; read before the scratch database is installed).

Run from the repository root, with the suite's requirements installed and .local/odoo.conf
written (``./tools/test`` or ``./tools/serve`` write it):

    python3 bench/bench_sftp_poll.py [--db sftp_bench] [--files 1000] [--rounds 2] [--keep]

It (re)creates the scratch database ``sftp_bench`` with integration_core installed without
demo data, runs itself inside ``odoo shell`` on it, and drops it afterwards (``--keep``
keeps it). A JSON copy of the results goes to bench/results/.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent if "__file__" in globals() else Path.cwd()
SIZE = 5 * 1024


# ---------------------------------------------------------------------------- launcher
def launch():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", default="sftp_bench", help="scratch database (dropped first)")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    for program in ("/usr/sbin/sshd", "sftp", "ssh-keygen"):
        if not shutil.which(program):
            sys.exit(f"{program} is missing: apt-get install openssh-server openssh-client")
    # Read before the install below, whose own work raises the load average.
    load = os.getloadavg()[0]
    print(
        f"load average (1 min) before the run: {load:.2f}"
        + ("" if load < 1.0 else " - NOT quiet: the ratios are less reliable"),
        flush=True,
    )
    from scratch import run_in_scratch_db  # noqa: PLC0415 - not inside odoo shell

    run_in_scratch_db(
        __file__,
        args.db,
        "integration_core",
        {"BENCH_FILES": str(args.files), "BENCH_ROUNDS": str(args.rounds), "BENCH_LOAD": str(load)},
        keep=args.keep,
    )


# ---------------------------------------------------------------------------- measure
def load_servers():
    """tests/servers.py, loaded as the end-to-end tests do (e2e_support.mailbox_servers)."""
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from e2e_support import mailbox_servers  # noqa: PLC0415 - only inside odoo shell

    return mailbox_servers()


def sftp_batch(server, commands):
    """Seconds OpenSSH's sftp takes to run ``commands`` in one session."""
    with tempfile.NamedTemporaryFile("w", suffix=".batch", delete=False) as batch:
        batch.write("\n".join(commands) + "\n")
    key = server.dir / "client_key"
    started = time.perf_counter()
    subprocess.run(
        [
            "sftp",
            "-q",
            "-b",
            batch.name,
            "-i",
            str(key),
            "-P",
            str(server.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            f"{server.user}@127.0.0.1",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    os.unlink(batch.name)
    return elapsed


def fill(directory, count, tag):
    """``count`` distinct files of 5 KB (distinct bytes: none is a duplicate message)."""
    for number in range(count):
        head = f'{{"bench": "{tag}", "file": {number}, "pad": "'.encode()
        data = head + b"x" * (SIZE - len(head) - 2) + b'"}'
        with open(os.path.join(directory, f"f{number:05d}.json"), "wb") as handle:
            handle.write(data)


def measure(env):
    files = int(os.environ.get("BENCH_FILES", 1000))
    rounds = int(os.environ.get("BENCH_ROUNDS", 2))
    servers = load_servers()
    env = env(context=dict(env.context, tracking_disable=True))
    load = float(os.environ.get("BENCH_LOAD", "nan"))
    results = []
    with servers.SshdServer() as server:
        inbox, archive = server.mkdir("inbox"), server.mkdir("archive")
        outbox = server.mkdir("outbox")
        partner = env["integration.partner"].create(
            {"name": "Bench SFTP", "code": "bench-sftp", "kind": "other"}
        )
        endpoint = (
            env["integration.endpoint"]
            .sudo()
            .create(
                {
                    "name": "Bench SFTP",
                    "partner_id": partner.id,
                    "transport": "sftp",
                    "usage": "test",
                    "host": "127.0.0.1",
                    "port": server.port,
                    "username": server.user,
                    "private_key": server.client_key,
                    "host_key_fingerprint": server.fingerprint,
                    "failure_threshold": 1000,
                }
            )
        )
        inbound = env["integration.flow"].create(
            {
                "name": "Bench orders in",
                "code": "bench-sftp-in",
                "partner_id": partner.id,
                "direction": "inbound",
                "document_type": "order",
                "endpoint_id": endpoint.id,
                "remote_directory": inbox,
                "archive_directory": archive,
                "ready_suffix": ".part",
            }
        )
        outbound = env["integration.flow"].create(
            {
                "name": "Bench acknowledgements out",
                "code": "bench-sftp-out",
                "partner_id": partner.id,
                "direction": "outbound",
                "document_type": "functional_ack",
                "endpoint_id": endpoint.id,
                "remote_directory": outbox,
            }
        )
        env.cr.commit()
        transport = env["integration.transport.sftp"]
        for round_number in range(1, rounds + 1):
            fill(inbox, files, f"r{round_number}")
            local = tempfile.mkdtemp(prefix="bench-sftp-get-")
            reference = sftp_batch(server, [f"lcd {local}", f"cd {inbox}", "get *"])
            got = len(os.listdir(local))
            shutil.rmtree(local)
            started = time.perf_counter()
            counts = inbound._poll_mailbox()
            poll = time.perf_counter() - started
            env.cr.commit()
            assert counts["stored"] == files == got, (counts, got)
            assert not os.listdir(inbox)

            # Delivery: N messages through _send, against sftp putting N files.
            source = tempfile.mkdtemp(prefix="bench-sftp-put-")
            fill(source, files, f"put{round_number}")
            target = server.mkdir("reference", f"r{round_number}")
            reference_put = sftp_batch(server, [f"lcd {source}", f"cd {target}", "put *"])
            payloads = [Path(source, name).read_bytes() for name in sorted(os.listdir(source))]
            shutil.rmtree(source)
            Message = env["integration.message"].sudo()
            messages = [Message._outbound_message(outbound, "send", "bench") for _ in payloads]
            env.cr.commit()
            started = time.perf_counter()
            for message, payload in zip(messages, payloads, strict=True):
                transport._send(message, endpoint, payload)
            deliver = time.perf_counter() - started
            env.cr.commit()
            assert len(os.listdir(outbox)) == files * round_number
            results.append(
                {
                    "round": round_number,
                    "files": files,
                    "load_1min_before": load,
                    "poll_s": poll,
                    "sftp_get_s": reference,
                    "poll_ratio": reference / poll,
                    "deliver_s": deliver,
                    "sftp_put_s": reference_put,
                    "deliver_ratio": reference_put / deliver,
                }
            )
            print(
                f"round {round_number}: poll ratio {reference / poll:.2f},"
                f" deliver ratio {reference_put / deliver:.2f}",
                flush=True,
            )
    best_poll = max(results, key=lambda r: r["poll_ratio"])
    best_deliver = max(results, key=lambda r: r["deliver_ratio"])
    print(f"\n{files} files of 5 KB, best of {rounds} rounds; ratio = sftp -b time / hub time")
    for label, ratio in (
        ("poll into stored messages vs sftp -b get", best_poll["poll_ratio"]),
        ("deliver (atomic, no overwrite) vs sftp -b put", best_deliver["deliver_ratio"]),
    ):
        print(f"{label:48}{ratio:>6.2f}")
    met = best_poll["poll_ratio"] >= 0.5
    print(f"target poll ratio >= 0.5: {'met' if met else 'NOT met'}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"bench_sftp_poll-{stamp}.json").write_text(json.dumps(results, indent=2))
    return 0 if met else 1


if "env" in globals():  # inside odoo shell
    sys.exit(measure(globals()["env"]))
elif __name__ == "__main__":
    launch()

#!/usr/bin/env bash
# Runs a command (CI's test run) with its output line-buffered; if it prints nothing for STALL_SECONDS (600 by
# default), prints the process tree and, where gdb is installed, every thread's backtrace of each process of the run,
# kills the run and exits 124. A hang then fails CI within minutes and says where it hung, instead of silently running
# out CI's clock.
# Usage: Scripts/run-watching-for-stalls.sh swift test --no-parallel
set -uo pipefail
stall_seconds="${STALL_SECONDS:-600}"
if ! command -v setsid >/dev/null 2>&1 || ! command -v stdbuf >/dev/null 2>&1; then
    exec "$@"  # not Linux with util-linux and coreutils: no watch
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# A session of its own, so the whole run (test bundles, workers, servers) can be inspected and killed as a group.
setsid stdbuf -oL -eL "$@" > >(tee -a "$log") 2>&1 &
run=$!
while kill -0 "$run" 2>/dev/null; do
    sleep 2
    quiet=$(($(date +%s) - $(stat -c %Y "$log")))
    if [ "$quiet" -ge "$stall_seconds" ]; then
        {
            echo
            echo "== STALL: '$*' printed nothing for ${quiet} s; its processes:"
            ps -o pid,ppid,stat,etime,args -s "$run" --forest
            if command -v gdb >/dev/null 2>&1; then
                for pid in $(ps -o pid= -s "$run" | head -n 12); do
                    echo "== backtraces of $pid: $(tr '\0' ' ' < /proc/"$pid"/cmdline 2>/dev/null | cut -c1-200)"
                    timeout 120 gdb -p "$pid" -batch -ex "thread apply all bt 25" 2>/dev/null |
                        grep -E '^(Thread|#)' | head -n 400
                done
            else
                echo "(install gdb for each thread's backtrace)"
            fi
        } >&2
        kill -KILL -- -"$run" 2>/dev/null
        wait "$run" 2>/dev/null
        exit 124
    fi
done
wait "$run"

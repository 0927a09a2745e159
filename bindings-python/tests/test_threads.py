"""The GIL is let go while the core works: other Python threads, and the asyncio event loop, keep
running during a snapshot of the 100,000-file fixture. Kept sniffers answer from many threads."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import omni_sniffer
from conftest import case

LARGE = case("large")["open"]


def test_another_thread_runs_while_a_snapshot_is_taken() -> None:
    done = threading.Event()
    ticks = 0

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    try:
        started = time.perf_counter()
        before = ticks
        omni_sniffer.snapshot(LARGE)
        elapsed = time.perf_counter() - started
        during = ticks - before
    finally:
        done.set()
        counter.join()
    # Held, the GIL would let the counter run only at the switch interval (5 ms), a few times.
    assert elapsed > 0.02
    assert during > 10_000, f"{during} ticks in {elapsed * 1000:.0f} ms"


def test_the_event_loop_keeps_running_during_snapshot_async() -> None:
    async def main() -> tuple[int, str]:
        ticks = 0
        stop = asyncio.Event()

        async def tick() -> None:
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.create_task(tick())
        snap = await omni_sniffer.snapshot_async(LARGE)
        stop.set()
        await ticker
        return ticks, snap.git_branch

    ticks, branch = asyncio.run(main())
    assert branch == "main"
    assert ticks > 100


def test_one_kept_sniffer_answers_many_threads_at_once() -> None:
    open_path = case("worktree-changes")["open"]
    with omni_sniffer.OmniSniffer(open_path) as kept:
        want = kept.get_snapshot().dirty_files
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda _: kept.get_snapshot().dirty_files, range(64)))
    assert answers == [want] * 64

"""One ActionIndex answers many threads at once: prefix, range and wildcard queries read the
term list of the one shared Whoosh reader, and must not interleave with other reads
(bench/fuzz_http.py found 'struct.error' 500s under 8 clients before they held its lock)."""

from __future__ import annotations

import threading

from index.search import ActionIndex

QUERIES = ["kind:a..z", "who:a..z", "target:2019..2020", "train*", "prem*", "premisses staf",
           "year:2019..", "provider:w*", "trainnig", "rec_number:1..9 safegarding"]


def test_threads_searching_at_once_never_fail(built_index):
    ix = ActionIndex(built_index("sample"))
    expected = {q: ix.search(q).total for q in QUERIES}
    failures: list[str] = []

    def work(offset: int) -> None:
        for n in range(150):
            q = QUERIES[(n + offset) % len(QUERIES)]
            try:
                if ix.search(q).total != expected[q]:
                    failures.append(f"{q}: another total")
            except Exception as exc:  # noqa: BLE001 - the failure is what the test reports
                failures.append(f"{q}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:5]

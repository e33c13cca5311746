"""Benchmark for docs/decisions/0020: when would partitioning closed applications by year pay? (run by hand)

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE qazeta_s3_part"
    PART_DSN=postgresql://postgres@127.0.0.1:5432/qazeta_s3_part .venv/bin/python benchmarks/partitioning.py
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE qazeta_s3_part"

A synthetic stand-in for ``applications_application``, not the real schema (the seeding command of issue 10 item 1
fills that one): rows of about the real width (a 400-byte filler for the 54 columns), 0.5 % open, the rest closed
and spread over the years, ``created_at`` over PART_YEARS years. Two shapes side by side, at PART_ROWS rows each
(default 1,000,000 and 4,000,000):

- ``plain``: one table with the partial index on open rows (issue 10 item 2) and an index on ``created_at``;
- ``parted``: the same rows partitioned by ``closed_year`` (NULL, i.e. open, in their own partition), same indexes.

Prints per size and shape: table size, the open-work page (25 rows by due date: the queue's query), one year's
monthly counts (a dashboard/export over history), a full VACUUM ANALYZE (what autovacuum must do after a mass
update), and an index build (a migration adding an index). Times in ms, best of 3 for queries.
"""

from __future__ import annotations

import os
import time

import psycopg

DSN = os.environ.get("PART_DSN", "postgresql://postgres@127.0.0.1:5432/qazeta_s3_part")
SIZES = [int(n) for n in os.environ.get("PART_ROWS", "1000000,4000000").split(",")]
YEARS = int(os.environ.get("PART_YEARS", "8"))
FIRST_YEAR = 2026 - YEARS + 1

FILL = """
INSERT INTO {table} (state, created_at, due_date, closed_year, filler)
SELECT CASE WHEN g % 200 = 0 THEN 'submitted' ELSE 'issued' END,
       ts,
       (ts + interval '30 days')::date,
       CASE WHEN g % 200 = 0 THEN NULL ELSE extract(year FROM ts)::int END,
       repeat('x', 400)
FROM (SELECT g, timestamp '{first}-01-01' + (g::float / {n}) * interval '{years} years' AS ts
      FROM generate_series(1, {n}) AS g) AS s
"""

QUEUE = (
    "SELECT id, due_date FROM {table} WHERE state IN ('submitted', 'in_review') AND closed_year IS NULL "
    "ORDER BY due_date, id LIMIT 25"
)
YEAR = (
    "SELECT date_trunc('month', created_at), count(*) FROM {table} "
    "WHERE closed_year = 2025 AND created_at >= '2025-01-01' AND created_at < '2026-01-01' GROUP BY 1"
)


def ms(cur: psycopg.Cursor, sql: str, best_of: int = 3) -> float:
    times = []
    for _ in range(best_of):
        start = time.perf_counter()
        cur.execute(sql)
        if cur.description:
            cur.fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def create(cur: psycopg.Cursor, table: str, *, parted: bool) -> None:
    cur.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    columns = (
        "id bigint GENERATED ALWAYS AS IDENTITY, state varchar(32) NOT NULL, created_at timestamp NOT NULL, "
        "due_date date, closed_year int, filler text"
    )
    if not parted:
        cur.execute(f"CREATE TABLE {table} ({columns}, PRIMARY KEY (id))")
        return
    cur.execute(f"CREATE TABLE {table} ({columns}) PARTITION BY LIST (closed_year)")
    cur.execute(f"CREATE TABLE {table}_open PARTITION OF {table} FOR VALUES IN (NULL)")
    for year in range(FIRST_YEAR, 2027):
        cur.execute(f"CREATE TABLE {table}_{year} PARTITION OF {table} FOR VALUES IN ({year})")


def indexes(cur: psycopg.Cursor, table: str) -> float:
    start = time.perf_counter()
    cur.execute(
        f"CREATE INDEX {table}_open_due ON {table} (due_date, id) WHERE state IN ('submitted', 'in_review') "
        "AND closed_year IS NULL"
    )
    cur.execute(f"CREATE INDEX {table}_created ON {table} (created_at)")
    return (time.perf_counter() - start) * 1000


def main() -> None:
    with psycopg.connect(DSN, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SHOW shared_buffers")
        print(f"PostgreSQL shared_buffers {cur.fetchone()[0]}; {YEARS} years of rows, 0.5 % open")
        print("rows | shape | size MiB | fill s | 2 indexes ms | queue page ms | 2025 by month ms | VACUUM ANALYZE ms")
        for n in SIZES:
            for shape in ("plain", "parted"):
                table = f"bench_{shape}"
                create(cur, table, parted=shape == "parted")
                start = time.perf_counter()
                cur.execute(FILL.format(table=table, n=n, first=FIRST_YEAR, years=YEARS))
                fill_s = time.perf_counter() - start
                index_ms = indexes(cur, table)
                vacuum_ms = ms(cur, f"VACUUM ANALYZE {table}", best_of=1)
                cur.execute("SELECT pg_total_relation_size(c.oid) FROM pg_class c WHERE relname = %s", [table])
                size = cur.fetchone()[0]
                if shape == "parted":
                    cur.execute(
                        "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = %s::regclass",
                        [table],
                    )
                    size = cur.fetchone()[0]
                queue_ms = ms(cur, QUEUE.format(table=table))
                year_ms = ms(cur, YEAR.format(table=table))
                print(
                    f"{n:,} | {shape} | {size / 2**20:,.0f} | {fill_s:.1f} | {index_ms:,.0f} | {queue_ms:.2f} | "
                    f"{year_ms:,.1f} | {vacuum_ms:,.0f}"
                )
            cur.execute("DROP TABLE IF EXISTS bench_plain, bench_parted CASCADE")


if __name__ == "__main__":
    main()
